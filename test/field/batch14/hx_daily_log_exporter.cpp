// hx_daily_log_exporter.cpp - exports a day's Procore daily logs to CSV for payroll.
// Ports & adapters on Qt: the use cases only know ports::HttpPort; QtNetworkHttp is
// the adapter; bearer, company and logging decorators are composed in buildPort().
#include <QtCore/QCoreApplication>
#include <QtCore/QEventLoop>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QPair>
#include <QtCore/QSettings>
#include <QtCore/QTextStream>
#include <QtCore/QUrlQuery>
#include <QtCore/QVector>
#include <QtCore/QDebug>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

#include <memory>

namespace domain {
struct ManpowerLog {
  qint64 id = 0;
  qint64 vendor_id = 0;
  qint64 created_by_id = 0;
  int num_workers = 0;
  double num_hours = 0.0;
  QString notes;
};
}  // namespace domain

namespace ports {
struct Request {
  QByteArray method = "GET";
  QString url;
  QVector<QPair<QByteArray, QByteArray>> headers;
  QByteArray body;
};
struct Response { int status = 0; QByteArray body; };
class HttpPort {
 public:
  virtual ~HttpPort() = default;
  virtual Response send(const Request& req) = 0;
};
}  // namespace ports

namespace adapters {
class QtNetworkHttp final : public ports::HttpPort {
 public:
  explicit QtNetworkHttp(QNetworkAccessManager& nam) : nam_(nam) {}
  ports::Response send(const ports::Request& req) override {
    QNetworkRequest qreq{QUrl(req.url)};
    for (const auto& h : req.headers) qreq.setRawHeader(h.first, h.second);
    QNetworkReply* reply = req.method == "GET" ? nam_.get(qreq) : nam_.sendCustomRequest(qreq, req.method, req.body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    ports::Response out{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
    reply->deleteLater();
    return out;
  }
 private:
  QNetworkAccessManager& nam_;
};

class Bearer final : public ports::HttpPort {
 public:
  Bearer(std::shared_ptr<ports::HttpPort> inner, QByteArray token) : inner_(std::move(inner)), token_(std::move(token)) {}
  ports::Response send(const ports::Request& req) override {
    auto r = req;
    r.headers.append({"Authorization", "Bearer " + token_});
    return inner_->send(r);
  }
 private:
  std::shared_ptr<ports::HttpPort> inner_;
  QByteArray token_;
};

class CompanyHeader final : public ports::HttpPort {
 public:
  CompanyHeader(std::shared_ptr<ports::HttpPort> inner, qint64 companyId)
      : inner_(std::move(inner)), companyId_(QByteArray::number(companyId)) {}
  ports::Response send(const ports::Request& req) override {
    auto r = req;
    if (r.url.contains(QLatin1String("/rest/v1.0/")))  // keep it off anything that is not REST
      r.headers.append({"Procore-Company-Id", companyId_});
    return inner_->send(r);
  }
 private:
  std::shared_ptr<ports::HttpPort> inner_;
  QByteArray companyId_;
};

class Logging final : public ports::HttpPort {
 public:
  explicit Logging(std::shared_ptr<ports::HttpPort> inner) : inner_(std::move(inner)) {}
  ports::Response send(const ports::Request& req) override {
    const auto res = inner_->send(req);
    qDebug().noquote() << req.method << req.url << res.status;
    return res;
  }
 private:
  std::shared_ptr<ports::HttpPort> inner_;
};
}  // namespace adapters

namespace app {
struct Hosts { QString login, api; };
Hosts hostsFor(const QString& env) {
  if (env == "sandbox") return {"https://sandbox.procore.com", "https://sandbox.procore.com"};
  if (env == "monthly") return {"https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"};
  return {"https://login.procore.com", "https://api.procore.com"};
}

QByteArray refreshAccessToken(ports::HttpPort& raw, const Hosts& hosts, QSettings& st) {
  QUrlQuery form;
  form.addQueryItem("grant_type", "refresh_token");
  form.addQueryItem("client_id", st.value("oauth/client_id").toString());
  form.addQueryItem("client_secret", st.value("oauth/client_secret").toString());
  form.addQueryItem("refresh_token", st.value("oauth/refresh_token").toString());
  ports::Request req{"POST", hosts.login + "/oauth/token",
                     {{"Content-Type", "application/x-www-form-urlencoded"}}, form.toString(QUrl::FullyEncoded).toUtf8()};
  const auto obj = QJsonDocument::fromJson(raw.send(req).body).object();
  if (obj.contains("refresh_token")) st.setValue("oauth/refresh_token", obj["refresh_token"].toString());
  return obj["access_token"].toString().toUtf8();
}

std::shared_ptr<ports::HttpPort> buildPort(std::shared_ptr<ports::HttpPort> raw, QByteArray token, qint64 companyId,
                                           bool verbose) {
  std::shared_ptr<ports::HttpPort> p = std::make_shared<adapters::Bearer>(std::move(raw), std::move(token));
  p = std::make_shared<adapters::CompanyHeader>(p, companyId);
  return verbose ? std::make_shared<adapters::Logging>(p) : p;
}

struct ManpowerRepository {
  static domain::ManpowerLog fromJson(const QJsonObject& o) {
    domain::ManpowerLog m;
    m.id = o["id"].toVariant().toLongLong();
    m.vendor_id = static_cast<qint64>(o["vendor"].toObject()["id"].toDouble());
    m.created_by_id = o["created_by"].toObject()["id"].toInt();
    m.num_workers = o["num_workers"].toInt();
    m.num_hours = o["num_hours"].toString().toDouble();
    m.notes = o["notes"].toString();
    return m;
  }
};

class DailyLogUseCases {
 public:
  DailyLogUseCases(ports::HttpPort& port, QString api) : port_(port), api_(std::move(api)) {}
  QString currentUserName() {
    const auto o = QJsonDocument::fromJson(port_.send({"GET", api_ + "/rest/v1.0/me", {}, {}}).body).object();
    return o["name"].toString();
  }
  QVector<domain::ManpowerLog> manpower(qint64 projectId, const QString& date) {
    QVector<domain::ManpowerLog> out;
    const auto url = api_ + "/rest/v1.0/projects/" + QString::number(projectId) + "/manpower_logs?log_date=" + date;
    for (const auto v : QJsonDocument::fromJson(port_.send({"GET", url, {}, {}}).body).array())
      out.append(ManpowerRepository::fromJson(v.toObject()));
    return out;
  }
  int notesCount(qint64 projectId, const QString& date) {
    const auto url = api_ + "/rest/v1.0/projects/" + QString::number(projectId) + "/notes_logs?log_date=" + date;
    return QJsonDocument::fromJson(port_.send({"GET", url, {}, {}}).body).array().size();
  }
  bool dayIsLocked(qint64 projectId, const QString& date) {
    const auto url = api_ + "/rest/v1.1/projects/" + QString::number(projectId) + "/daily_log_headers?log_date=" + date;
    const auto arr = QJsonDocument::fromJson(port_.send({"GET", url, {}, {}}).body).array();
    return !arr.isEmpty() && arr.first().toObject()["locked"].toBool();
  }
 private:
  ports::HttpPort& port_;
  QString api_;
};
}  // namespace app

int main(int argc, char** argv) {
  QCoreApplication qapp(argc, argv);
  QCoreApplication::setOrganizationName("Hexline");
  QCoreApplication::setApplicationName("daily-log-exporter");
  const QStringList args = qapp.arguments();
  if (args.size() < 4) { qWarning() << "usage: hx_daily_log_exporter <project_id> <YYYY-MM-DD> <out.csv> [-v]"; return 2; }
  const qint64 projectId = args.at(1).toLongLong();
  const QString date = args.at(2);

  QSettings settings;
  const int companyId = settings.value("procore/company_id").toInt();
  const app::Hosts hosts = app::hostsFor(qEnvironmentVariable("PROCORE_ENV", "production"));

  QNetworkAccessManager nam;
  auto raw = std::make_shared<adapters::QtNetworkHttp>(nam);
  const QByteArray token = app::refreshAccessToken(*raw, hosts, settings);
  if (token.isEmpty()) { qWarning() << "re-run the login flow; refresh token rejected"; return 1; }

  auto procore = app::buildPort(raw, token, companyId, args.contains("-v"));
  app::DailyLogUseCases logs(*procore, hosts.api);
  if (logs.dayIsLocked(projectId, date)) qInfo() << "day is locked, exporting anyway";

  QFile f(args.at(3));
  if (!f.open(QIODevice::WriteOnly | QIODevice::Text)) return 1;
  QTextStream csv(&f);
  csv << "# exported by " << logs.currentUserName() << ", " << logs.notesCount(projectId, date) << " notes\n";
  csv << "# https://app.procore.com/" << projectId << "/project/daily_log/list?date=" << date << "\n";
  csv << "log_id,vendor_id,created_by_id,workers,hours,notes\n";
  int rows = 0;
  for (const auto& m : logs.manpower(projectId, date)) {
    csv << m.id << ',' << m.vendor_id << ',' << m.created_by_id << ',' << m.num_workers << ',' << m.num_hours << ",\""
        << QString(m.notes).replace('"', "\"\"") << "\"\n";
    ++rows;
  }
  qInfo() << rows << "manpower rows written";
  return 0;
}
