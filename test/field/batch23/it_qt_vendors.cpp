// VendorDirectorySync — part of the estimating desktop plugin.
// Pulls the company vendor directory from Procore so estimators can pick
// subcontractors offline, and marks vendors whose insurance has lapsed.
//
// VendorPager is generator-style: hasNext()/next() keep the request state
// (base URL, headers, page cursor) and run one blocking request per page on
// a local QEventLoop; the plugin calls it from a worker thread.

#include <QByteArray>
#include <QCoreApplication>
#include <QDate>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcessEnvironment>
#include <QString>
#include <QTextStream>
#include <QUrl>
#include <QUrlQuery>
#include <QVector>

struct ProcoreEnv {
  const char* name;
  const char* loginBase;
  const char* apiBase;
};

static const ProcoreEnv kEnvironments[] = {
    {"production", "https://login.procore.com", "https://api.procore.com"},
    {"sandbox", "https://login-sandbox.procore.com", "https://sandbox.procore.com"},
    {"monthly", "https://login-sandbox-monthly.procore.com", "https://sandbox-monthly.procore.com"},
};

struct Vendor {
  int id = 0;
  QString name;
  QString tradeName;
  bool active = true;
  QDate insuranceExpires;
};

static QByteArray blockingGet(QNetworkAccessManager& nam, const QNetworkRequest& req, int* status,
                              QByteArray* totalHeader = nullptr) {
  QEventLoop loop;
  QNetworkReply* reply = nam.get(req);
  QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
  loop.exec();
  *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
  if (totalHeader) *totalHeader = reply->rawHeader("Total");
  QByteArray body = reply->readAll();
  reply->deleteLater();
  return body;
}

class VendorPager {
 public:
  VendorPager(QNetworkAccessManager& nam, QString apiBase, QString token, qint64 companyId,
              int perPage = 100)
      : nam_(nam), apiBase_(std::move(apiBase)), token_(std::move(token)), companyId_(companyId),
        perPage_(perPage) {}

  bool hasNext() const { return !done_; }

  QVector<Vendor> next() {
    QUrl url(apiBase_ + QStringLiteral("/rest/v1.0/vendors"));
    QUrlQuery q;
    q.addQueryItem("company_id", QString::number(companyId_));
    q.addQueryItem("page", QString::number(page_));
    q.addQueryItem("per_page", QString::number(perPage_));
    url.setQuery(q);

    QNetworkRequest req(url);
    req.setRawHeader("Authorization", "Bearer " + token_.toUtf8());
    req.setRawHeader("Procore-Company-Id", QByteArray::number(companyId_));
    int status = 0;
    QByteArray total;
    const QByteArray body = blockingGet(nam_, req, &status, &total);

    QVector<Vendor> out;
    if (status != 200) {
      done_ = true;
      return out;
    }
    for (const QJsonValue& v : QJsonDocument::fromJson(body).array()) {
      const QJsonObject o = v.toObject();
      Vendor vendor;
      vendor.id = o.value("id").toInt();
      vendor.name = o.value("name").toString();
      vendor.tradeName = o.value("trade_name").toString();
      vendor.active = o.value("is_active").toBool(true);
      out.push_back(vendor);
    }
    seen_ += out.size();
    ++page_;
    done_ = out.isEmpty() || (!total.isEmpty() && seen_ >= total.toInt());
    return out;
  }

 private:
  QNetworkAccessManager& nam_;
  QString apiBase_;
  QString token_;
  qint64 companyId_;
  int perPage_;
  int page_ = 1;
  int seen_ = 0;
  bool done_ = false;
};

static QDate insuranceExpiry(QNetworkAccessManager& nam, const QString& apiBase, const QString& token,
                             qint64 companyId, qint64 vendorId) {
  QUrl url(apiBase + QStringLiteral("/rest/v1.0/companies/%1/vendors/%2/insurances")
                         .arg(companyId)
                         .arg(vendorId));
  QNetworkRequest req(url);
  req.setRawHeader("Authorization", "Bearer " + token.toUtf8());
  req.setRawHeader("X-Procore-Company-Id", QByteArray::number(companyId));
  int status = 0;
  const QByteArray body = blockingGet(nam, req, &status);
  QDate latest;
  if (status != 200) return latest;
  for (const QJsonValue& v : QJsonDocument::fromJson(body).array()) {
    QDate d = QDate::fromString(v.toObject().value("expiration_date").toString(), Qt::ISODate);
    if (d.isValid() && (!latest.isValid() || d > latest)) latest = d;
  }
  return latest;
}

static QString currentLogin(QNetworkAccessManager& nam, const QString& apiBase, const QString& token) {
  QNetworkRequest req(QUrl(apiBase + QStringLiteral("/rest/v1.0/me")));
  req.setRawHeader("Authorization", "Bearer " + token.toUtf8());
  int status = 0;
  const QByteArray body = blockingGet(nam, req, &status);
  return status == 200 ? QJsonDocument::fromJson(body).object().value("login").toString() : QString();
}

static QString refreshToken(QNetworkAccessManager& nam, const ProcoreEnv& env, const QString& refresh,
                            const QString& clientId, const QString& secret) {
  QNetworkRequest req(QUrl(QString::fromLatin1(env.loginBase) + QStringLiteral("/oauth/token")));
  req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
  QJsonObject payload{{"grant_type", "refresh_token"},
                      {"refresh_token", refresh},
                      {"client_id", clientId},
                      {"client_secret", secret}};
  QEventLoop loop;
  QNetworkReply* reply = nam.post(req, QJsonDocument(payload).toJson(QJsonDocument::Compact));
  QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
  loop.exec();
  const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
  reply->deleteLater();
  return o.value("access_token").toString();
}

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  QTextStream out(stdout);
  const QProcessEnvironment sys = QProcessEnvironment::systemEnvironment();

  const QString envName = sys.value("PROCORE_ENV", "production");
  const ProcoreEnv* env = &kEnvironments[0];
  for (const ProcoreEnv& e : kEnvironments)
    if (envName == QLatin1String(e.name)) env = &e;

  const qint64 companyId = sys.value("PROCORE_COMPANY_ID").toLongLong();
  const QString apiBase = QString::fromLatin1(env->apiBase);

  QNetworkAccessManager nam;
  const QString token = refreshToken(nam, *env, sys.value("PROCORE_REFRESH_TOKEN"),
                                     sys.value("PROCORE_CLIENT_ID"), sys.value("PROCORE_CLIENT_SECRET"));
  if (token.isEmpty()) {
    out << "could not refresh the Procore token\n";
    return 1;
  }
  out << "syncing vendors as " << currentLogin(nam, apiBase, token) << "\n";

  int lapsed = 0;
  int count = 0;
  VendorPager pager(nam, apiBase, token, companyId);
  while (pager.hasNext()) {
    for (Vendor& v : pager.next()) {
      if (!v.active) continue;
      ++count;
      v.insuranceExpires = insuranceExpiry(nam, apiBase, token, companyId, v.id);
      if (v.insuranceExpires.isValid() && v.insuranceExpires < QDate::currentDate()) {
        ++lapsed;
        out << "LAPSED " << v.name << " (" << v.insuranceExpires.toString(Qt::ISODate) << ") "
            << QStringLiteral("https://app.procore.com/%1/company/directory/vendors/%2")
                   .arg(companyId)
                   .arg(v.id)
            << "\n";
      }
    }
  }
  out << count << " active vendors, " << lapsed << " with lapsed insurance\n";
  return 0;
}
