// drawing_export: service-account tool that dumps the current drawing revisions of a
// project to CSV and notifies the plan-room indexer. Qt Network, run headless.
// Result<T> = std::variant<T, Error>; steps are chained with and_then()/map().
#include <QByteArray>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTextStream>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>
#include <numeric>
#include <utility>
#include <variant>
#include <vector>

struct Error {
  int http_status;
  QString message;
};
template <typename T>
using Result = std::variant<T, Error>;

template <typename T, typename F>
auto and_then(const Result<T>& r, F f) -> decltype(f(std::get<T>(r))) {
  if (auto e = std::get_if<Error>(&r)) return *e;
  return f(std::get<T>(r));
}
template <typename T, typename F>
auto map(const Result<T>& r, F f) -> Result<decltype(f(std::get<T>(r)))> {
  if (auto e = std::get_if<Error>(&r)) return *e;
  return f(std::get<T>(r));
}

// ---- environments -------------------------------------------------------
struct Production {};
struct MonthlySandbox {};
using Environment = std::variant<Production, MonthlySandbox>;

struct Endpoints {
  const QString login;
  const QString api;
};

Endpoints endpoints(const Environment& env) {
  struct {
    Endpoints operator()(Production) const { return {"https://login.procore.com", "https://api.procore.com"}; }
    Endpoints operator()(MonthlySandbox) const {
      return {"https://api-monthly.procore.com", "https://api-monthly.procore.com"};
    }
  } pick;
  return std::visit(pick, env);
}

struct Config {
  const Environment env;
  const QString client_id;
  const QString client_secret;
  const qint64 company_id;
  const qint64 project_id;
  const QString indexer_url;
};

// ---- request values -----------------------------------------------------
struct Request {
  QUrl url;
  QList<QPair<QByteArray, QByteArray>> headers;
  QByteArray form;  // non-empty => POST
};

Request at(const QString& base, const QString& path) { return Request{QUrl(base + path), {}, {}}; }
Request with_header(Request r, const QByteArray& k, const QByteArray& v) {
  r.headers.append({k, v});
  return r;
}
Request with_query(Request r, const QString& k, const QString& v) {
  QUrlQuery q(r.url);
  q.addQueryItem(k, v);
  r.url.setQuery(q);
  return r;
}
Request with_form(Request r, const QUrlQuery& form) {
  r.form = form.toString(QUrl::FullyEncoded).toUtf8();
  return with_header(std::move(r), "Content-Type", "application/x-www-form-urlencoded");
}
Request authed(Request r, const QString& token) { return with_header(std::move(r), "Authorization", ("Bearer " + token).toUtf8()); }
Request for_company(Request r, qint64 company_id) {
  return with_header(std::move(r), "Procore-Company-Id", QByteArray::number(company_id));
}

Result<QJsonDocument> send(QNetworkAccessManager& nam, const Request& r) {
  QNetworkRequest req(r.url);
  for (const auto& h : r.headers) req.setRawHeader(h.first, h.second);
  QNetworkReply* reply = r.form.isEmpty() ? nam.get(req) : nam.post(req, r.form);
  QEventLoop loop;
  QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
  loop.exec();
  const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
  const QByteArray body = reply->readAll();
  reply->deleteLater();
  if (reply->error() != QNetworkReply::NoError) return Error{status, reply->errorString()};
  return QJsonDocument::fromJson(body);
}

// ---- domain -------------------------------------------------------------
struct DrawingArea {
  qint64 id;
  QString name;
};
struct Revision {
  qint64 id;
  qint64 drawing_id;
  QString number;
  QString revision;
  QString pdf_url;
};

Result<QString> client_credentials_token(QNetworkAccessManager& nam, const Config& cfg) {
  QUrlQuery form;
  form.addQueryItem("grant_type", "client_credentials");
  form.addQueryItem("client_id", cfg.client_id);
  form.addQueryItem("client_secret", cfg.client_secret);
  return map(send(nam, with_form(at(endpoints(cfg.env).login, "/oauth/token"), form)),
             [](const QJsonDocument& d) { return d.object().value("access_token").toString(); });
}

Result<bool> company_reachable(QNetworkAccessManager& nam, const Config& cfg, const QString& token) {
  const Request req = authed(at(endpoints(cfg.env).api, "/rest/v1.0/companies"), token);
  return map(send(nam, req), [&](const QJsonDocument& d) {
    const QJsonArray arr = d.array();
    return std::any_of(arr.begin(), arr.end(), [&](const QJsonValue& c) {
      return c.toObject().value("id").toVariant().toLongLong() == cfg.company_id;
    });
  });
}

Result<std::vector<DrawingArea>> drawing_areas(QNetworkAccessManager& nam, const Config& cfg, const QString& token) {
  const Request req = for_company(
      authed(at(endpoints(cfg.env).api, QString("/rest/v1.1/projects/%1/drawing_areas").arg(cfg.project_id)), token),
      cfg.company_id);
  return map(send(nam, req), [](const QJsonDocument& d) {
    std::vector<DrawingArea> out;
    const QJsonArray arr = d.array();
    std::transform(arr.begin(), arr.end(), std::back_inserter(out), [](const QJsonValue& v) {
      const QJsonObject o = v.toObject();
      return DrawingArea{o.value("id").toVariant().toLongLong(), o.value("name").toString()};
    });
    return out;
  });
}

Result<std::vector<Revision>> current_revisions(QNetworkAccessManager& nam, const Config& cfg, const QString& token,
                                                const DrawingArea& area) {
  const Request req = with_query(
      for_company(authed(at(endpoints(cfg.env).api,
                            QString("/rest/v1.0/projects/%1/drawing_revisions").arg(cfg.project_id)), token),
                  cfg.company_id),
      "filters[drawing_area_id]", QString::number(area.id));
  return map(send(nam, req), [](const QJsonDocument& d) {
    std::vector<Revision> out;
    const QJsonArray arr = d.array();
    std::transform(arr.begin(), arr.end(), std::back_inserter(out), [](const QJsonValue& v) {
      const QJsonObject o = v.toObject();
      return Revision{o.value("id").toInt(), o.value("drawing_id").toVariant().toLongLong(),
                      o.value("number").toString(), o.value("revision_number").toString(),
                      o.value("pdf_url").toString()};
    });
    return out;
  });
}

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  const QStringList args = app.arguments();
  const Config cfg{args.contains("--monthly") ? Environment{MonthlySandbox{}} : Environment{Production{}},
                   qEnvironmentVariable("PROCORE_CLIENT_ID"),
                   qEnvironmentVariable("PROCORE_CLIENT_SECRET"),
                   qEnvironmentVariable("PROCORE_COMPANY_ID").toLongLong(),
                   args.value(1).toLongLong(),
                   qEnvironmentVariable("INDEXER_URL", "http://planroom-indexer.internal:8088/v1/ingest")};
  QNetworkAccessManager nam;

  const Result<QString> token = client_credentials_token(nam, cfg);
  if (auto e = std::get_if<Error>(&token)) {
    QTextStream(stderr) << "token: " << e->message << "\n";
    return 1;
  }
  const QString& tok = std::get<QString>(token);

  const auto reachable = company_reachable(nam, cfg, tok);
  if (!std::holds_alternative<bool>(reachable) || !std::get<bool>(reachable)) return 2;

  const auto areas = drawing_areas(nam, cfg, tok);
  if (std::holds_alternative<Error>(areas)) return 3;

  std::vector<Revision> revisions;
  for (const DrawingArea& area : std::get<std::vector<DrawingArea>>(areas)) {
    const auto revs = current_revisions(nam, cfg, tok, area);
    if (auto r = std::get_if<std::vector<Revision>>(&revs)) revisions.insert(revisions.end(), r->begin(), r->end());
  }

  std::vector<int> drawing_ids;
  std::transform(revisions.begin(), revisions.end(), std::back_inserter(drawing_ids),
                 [](const Revision& r) { return r.drawing_id; });
  std::sort(drawing_ids.begin(), drawing_ids.end());
  const auto distinct = std::unique(drawing_ids.begin(), drawing_ids.end()) - drawing_ids.begin();

  QFile csv(QString("drawings-%1.csv").arg(cfg.project_id));
  if (!csv.open(QIODevice::WriteOnly | QIODevice::Text)) return 4;
  QTextStream out(&csv);
  out << "revision_id,drawing_id,number,revision,pdf_url\n";
  for (const Revision& r : revisions)
    out << r.id << ',' << r.drawing_id << ',' << r.number << ',' << r.revision << ',' << r.pdf_url << '\n';

  QUrlQuery note;
  note.addQueryItem("project", QString::number(cfg.project_id));
  note.addQueryItem("drawings", QString::number(distinct));
  note.addQueryItem("file", csv.fileName());
  const auto indexed = send(nam, with_form(at(cfg.indexer_url, ""), note));
  return std::holds_alternative<Error>(indexed) ? 5 : 0;
}
