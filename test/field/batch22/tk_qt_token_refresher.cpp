// tk_qt_token_refresher.cpp
//
// Desktop companion for the estimating plugin: runs the PKCE authorization-code
// flow once, then keeps the access token fresh on a timer and decorates every
// request the plugin sends through AuthorizedSession.
#include <QtCore/QByteArray>
#include <QtCore/QCoreApplication>
#include <QtCore/QCryptographicHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QRandomGenerator>
#include <QtCore/QSettings>
#include <QtCore/QTextStream>
#include <QtCore/QTimer>
#include <QtCore/QUrlQuery>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

#include <functional>

static const char* kAuthorizeUrl = "https://app.procore.com/oauth/authorize";
static const char* kTokenUrl = "https://login.procore.com/oauth/token";
static const char* kApiBase = "https://api.procore.com";
static const char* kRedirectUri = "urn:ietf:wg:oauth:2.0:oob";

struct Pkce {
  QByteArray verifier;
  QByteArray challenge;

  static Pkce make() {
    QByteArray raw(48, Qt::Uninitialized);
    for (int i = 0; i < raw.size(); ++i)
      raw[i] = static_cast<char>(QRandomGenerator::system()->bounded(256));
    Pkce p;
    p.verifier = raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    p.challenge = QCryptographicHash::hash(p.verifier, QCryptographicHash::Sha256)
                      .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    return p;
  }
};

class TokenRefresher : public QObject {
 public:
  TokenRefresher(QNetworkAccessManager* nam, QString clientId, QObject* parent = nullptr)
      : QObject(parent), nam_(nam), clientId_(std::move(clientId)) {
    timer_.setSingleShot(true);
    QObject::connect(&timer_, &QTimer::timeout, this, [this] { refresh(); });
  }

  QUrl authorizationUrl(const Pkce& pkce) const {
    QUrl url(QString::fromLatin1(kAuthorizeUrl));
    QUrlQuery q;
    q.addQueryItem("response_type", "code");
    q.addQueryItem("client_id", clientId_);
    q.addQueryItem("redirect_uri", kRedirectUri);
    q.addQueryItem("code_challenge", QString::fromLatin1(pkce.challenge));
    q.addQueryItem("code_challenge_method", "S256");
    url.setQuery(q);
    return url;
  }

  void exchangeCode(const QString& code, const Pkce& pkce, std::function<void()> done) {
    QUrlQuery form;
    form.addQueryItem("grant_type", "authorization_code");
    form.addQueryItem("client_id", clientId_);
    form.addQueryItem("code", code);
    form.addQueryItem("code_verifier", QString::fromLatin1(pkce.verifier));
    form.addQueryItem("redirect_uri", kRedirectUri);
    postToken(form, std::move(done));
  }

  void refresh(std::function<void()> done = {}) {
    QUrlQuery form;
    form.addQueryItem("grant_type", "refresh_token");
    form.addQueryItem("client_id", clientId_);
    form.addQueryItem("refresh_token", refreshToken_);
    postToken(form, std::move(done));
  }

  QByteArray bearer() const { return "Bearer " + accessToken_.toUtf8(); }

 private:
  void postToken(const QUrlQuery& form, std::function<void()> done) {
    QNetworkRequest req{QUrl(QString::fromLatin1(kTokenUrl))};
    req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
    QNetworkReply* reply = nam_->post(req, form.toString(QUrl::FullyEncoded).toUtf8());
    QObject::connect(reply, &QNetworkReply::finished, this, [this, reply, done] {
      reply->deleteLater();
      const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
      accessToken_ = o.value("access_token").toString();
      refreshToken_ = o.value("refresh_token").toString();
      const int expiresIn = o.value("expires_in").toInt(7200);
      timer_.start(qMax(60, expiresIn - 300) * 1000);
      if (done) done();
    });
  }

  QNetworkAccessManager* nam_;
  QString clientId_;
  QString accessToken_;
  QString refreshToken_;
  QTimer timer_;
};

// Every plugin request goes through here so the headers are never forgotten.
class AuthorizedSession {
 public:
  AuthorizedSession(QNetworkAccessManager* nam, TokenRefresher* tokens, qint64 companyId)
      : nam_(nam), tokens_(tokens), companyId_(companyId) {}

  QNetworkRequest decorate(const QString& path) const {
    QNetworkRequest req{QUrl(QString::fromLatin1(kApiBase) + path)};
    req.setRawHeader("Authorization", tokens_->bearer());
    req.setRawHeader("Procore-Company-Id", QByteArray::number(companyId_));
    req.setRawHeader("Accept", "application/json");
    return req;
  }

  QNetworkReply* get(const QString& path) const { return nam_->get(decorate(path)); }

  QNetworkReply* post(const QString& path, const QJsonObject& body) const {
    QNetworkRequest req = decorate(path);
    req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    return nam_->post(req, QJsonDocument(body).toJson(QJsonDocument::Compact));
  }

 private:
  QNetworkAccessManager* nam_;
  TokenRefresher* tokens_;
  qint64 companyId_;
};

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  QSettings settings("Acme", "EstimatingPlugin");
  QTextStream out(stdout), in(stdin);

  const int companyId = settings.value("procore/company_id").toInt();
  const qint64 projectId = settings.value("procore/project_id").toLongLong();

  QNetworkAccessManager nam;
  TokenRefresher tokens(&nam, settings.value("procore/client_id").toString());
  AuthorizedSession session(&nam, &tokens, companyId);

  const Pkce pkce = Pkce::make();
  out << "Open this URL and paste the code:\n" << tokens.authorizationUrl(pkce).toString() << "\n";
  out.flush();
  const QString code = in.readLine().trimmed();

  tokens.exchangeCode(code, pkce, [&] {
    const QString budget = QStringLiteral("/rest/v1.0/projects/%1/budget_line_items").arg(projectId);
    QNetworkReply* r = session.get(budget);
    QObject::connect(r, &QNetworkReply::finished, [&, r] {
      r->deleteLater();
      const QJsonArray lines = QJsonDocument::fromJson(r->readAll()).array();
      out << lines.size() << " budget lines\n";

      // Quick path for the cost-code export: only needs the token.
      QNetworkRequest raw{QUrl(QString::fromLatin1(kApiBase) +
                               QStringLiteral("/rest/v1.0/cost_codes?project_id=%1").arg(projectId))};
      raw.setRawHeader("Authorization", tokens.bearer());
      QNetworkReply* codes = nam.get(raw);
      QObject::connect(codes, &QNetworkReply::finished, [&, codes] {
        codes->deleteLater();
        for (const QJsonValue& c : QJsonDocument::fromJson(codes->readAll()).array()) {
          const int costCodeId = c.toObject().value("id").toInt();
          out << "cost code " << costCodeId << "\n";
        }
        out << "Review at https://app.procore.com/" << projectId << "/project/budget\n";
        out.flush();
        app.quit();
      });
    });
  });
  return app.exec();
}
