// observations_client_test.cpp
//
// Tests for the Qt field-tablet app's ObservationsClient. A RecordingNam is
// injected in place of the app's QNetworkAccessManager so every request the
// client issues can be inspected; replies are aborted before they leave the
// box. Build: part of the tablet-tests target, links gtest + Qt5::Network.
#include <gtest/gtest.h>

#include <QByteArray>
#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <memory>

namespace tablet {

struct Observation {
  qint64 id = 0;
  QString title;
  double assigneeId = 0;
  int attachmentCount = 0;
};

// Company records carry a data-residency zone; pick the REST base from it.
inline QUrl apiBaseForZone(const QString& zone) {
  if (zone == QLatin1String("us02")) return QUrl(QStringLiteral("https://us02.procore.com"));
  return QUrl(QStringLiteral("https://api.procore.com"));
}

inline QUrl projectWebLink(qint64 companyId, qint64 projectId) {
  return QUrl(QStringLiteral("https://app.procore.com/%1/project/home?project_id=%2")
                  .arg(companyId)
                  .arg(projectId));
}

class ObservationsClient {
 public:
  ObservationsClient(QNetworkAccessManager* nam, QUrl apiBase, QString token, qint64 companyId)
      : m_nam(nam), m_base(std::move(apiBase)), m_token(std::move(token)), m_companyId(companyId) {}

  QNetworkRequest buildRequest(const QString& pathAndQuery, bool companyScoped = true) const {
    QNetworkRequest req(m_base.resolved(QUrl(pathAndQuery)));
    req.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    req.setRawHeader("Accept", "application/json");
    if (companyScoped) req.setRawHeader("procore-company-id", QByteArray::number(m_companyId));
    return req;
  }

  QJsonDocument getJson(const QString& pathAndQuery, bool companyScoped = true) {
    QNetworkReply* reply = m_nam->get(buildRequest(pathAndQuery, companyScoped));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished()) loop.exec();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return QJsonDocument::fromJson(body);
  }

  QJsonArray companies() {
    return getJson(QStringLiteral("/rest/v1.0/companies"), false).array();
  }

  QList<qint64> projectIds() {
    QList<qint64> ids;
    const QJsonArray arr =
        getJson(QStringLiteral("/rest/v1.0/projects?company_id=%1").arg(m_companyId)).array();
    for (const QJsonValue& v : arr) ids << v.toObject().value("id").toInt();
    return ids;
  }

  QJsonArray observationTypes(qint64 projectId) {
    return getJson(QStringLiteral("/rest/v1.0/observation_types?project_id=%1").arg(projectId))
        .array();
  }

  QNetworkReply* createObservation(qint64 projectId, const Observation& obs) {
    QNetworkRequest req(m_base.resolved(QUrl(QStringLiteral("/rest/v1.0/observations/items"))));
    req.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    QJsonObject item{{"name", obs.title}, {"assignee_id", static_cast<qint64>(obs.assigneeId)}};
    QJsonObject payload{{"project_id", projectId}, {"observation", item}};
    return m_nam->post(req, QJsonDocument(payload).toJson(QJsonDocument::Compact));
  }

  static Observation parseObservation(const QJsonObject& o) {
    Observation obs;
    obs.id = o.value("id").toVariant().toLongLong();
    obs.title = o.value("name").toString();
    obs.assigneeId = o.value("assignee").toObject().value("id").toDouble();
    obs.attachmentCount = o.value("attachments").toArray().size();
    return obs;
  }

 private:
  QNetworkAccessManager* m_nam;
  QUrl m_base;
  QString m_token;
  qint64 m_companyId;
};

}  // namespace tablet

// ------------------------------------------------------------------ fakes

class RecordingNam : public QNetworkAccessManager {
 public:
  QList<QNetworkRequest> requests;
  QList<Operation> operations;

 protected:
  QNetworkReply* createRequest(Operation op, const QNetworkRequest& req,
                               QIODevice* outgoingData) override {
    requests.append(req);
    operations.append(op);
    QNetworkReply* reply = QNetworkAccessManager::createRequest(op, req, outgoingData);
    reply->abort();
    return reply;
  }
};

class ObservationsClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    nam_ = std::make_unique<RecordingNam>();
    client_ = std::make_unique<tablet::ObservationsClient>(
        nam_.get(), tablet::apiBaseForZone("us01"), QStringLiteral("tok"), kCompany);
  }
  static constexpr qint64 kCompany = 7340032000;
  const qint64 projectId_ = 3298534883;
  std::unique_ptr<RecordingNam> nam_;
  std::unique_ptr<tablet::ObservationsClient> client_;
};

TEST_F(ObservationsClientTest, DefaultZoneUsesApiHost) {
  EXPECT_EQ(tablet::apiBaseForZone("us01").host().toStdString(), "api.procore.com");
}

TEST_F(ObservationsClientTest, ScopedRequestCarriesCompanyHeader) {
  const QNetworkRequest req = client_->buildRequest(QStringLiteral("/rest/v1.0/projects"));
  EXPECT_EQ(req.url().toString().toStdString(), "https://api.procore.com/rest/v1.0/projects");
  EXPECT_EQ(req.rawHeader("Procore-Company-Id"), QByteArray("7340032000"));
}

TEST_F(ObservationsClientTest, CompaniesListIsUnscoped) {
  client_->companies();
  ASSERT_EQ(nam_->requests.size(), 1);
  EXPECT_FALSE(nam_->requests[0].hasRawHeader("procore-company-id"));
}

TEST_F(ObservationsClientTest, CreateObservationPostsJson) {
  tablet::Observation obs;
  obs.title = QStringLiteral("Missing guardrail L4 east");
  obs.assigneeId = 1099511627;
  QNetworkReply* reply = client_->createObservation(projectId_, obs);
  ASSERT_NE(reply, nullptr);
  ASSERT_EQ(nam_->requests.size(), 1);
  EXPECT_EQ(nam_->operations[0], QNetworkAccessManager::PostOperation);
  EXPECT_EQ(nam_->requests[0].url().path().toStdString(), "/rest/v1.0/observations/items");
  reply->deleteLater();
}

TEST(ObservationParsing, ReadsCannedItem) {
  const QJsonObject o = QJsonDocument::fromJson(R"({
    "id": 9223372036854,
    "name": "Loose rebar",
    "assignee": {"id": 55},
    "attachments": [{}, {}]
  })").object();
  const tablet::Observation obs = tablet::ObservationsClient::parseObservation(o);
  EXPECT_EQ(obs.id, 9223372036854LL);
  EXPECT_EQ(obs.attachmentCount, 2);
  EXPECT_EQ(tablet::projectWebLink(7340032000, 3298534883).host().toStdString(),
            "app.procore.com");
}

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
