// RUN: %check_mpr_lint %s procore-id-width %t -- -- -std=c++17 %qt_flags

// Procore IDs read from JSON with Qt's QJsonObject and sent with
// QNetworkAccessManager. In Qt code the fixes write qint64 and quint64, and
// printf-style formats use %lld.
//
// %qt_flags includes Qt with -I, so Qt's headers are not system headers
// here. IDs passed to Qt (QString::number, QString::arg, QByteArray::number,
// QList<T>::append) are reported and fixed only in this file's declarations,
// never at the parameters in Qt's headers.

#include <QtCore/QByteArray>
#include <QtCore/QDebug>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QList>
#include <QtCore/QMap>
#include <QtCore/QString>
#include <QtCore/QUrl>
#include <QtCore/QVariant>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>
#include <cstdio>
#include <string>

static const QString kApi = QStringLiteral("https://api.procore.com/rest/v1.0");

// A response record: its members are filled from JSON.
struct Drawing {
  int id;
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: field 'id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+13]]:10: note: 'id' is read from JSON field 'id' here
// CHECK-FIXES: {{^}}  qint64 id;{{$}}
  uint drawing_area_id;
// CHECK-MESSAGES: :[[@LINE-1]]:8: warning: field 'drawing_area_id' holds a Procore ID as 'uint' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+12]]:23: note: 'drawing_area_id' is read from JSON field 'drawing_area_id' here
// CHECK-FIXES: {{^}}  quint64 drawing_area_id;{{$}}
  qint64 project_id;     // already 64 bits
  int revision_number;   // not an ID
  QString title;
};

Drawing parseDrawing(const QJsonObject &obj) {
  Drawing D{};
  D.id = obj["id"].toInt();
// CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'toInt' reads Procore ID field 'id' as 'int' (32 bits); use 'toVariant().toLongLong' [procore-id-width]
// CHECK-FIXES: {{^}}  D.id = obj["id"].toVariant().toLongLong();{{$}}
  D.drawing_area_id = obj.value("drawing_area_id").toInt();
// CHECK-MESSAGES: :[[@LINE-1]]:52: warning: 'toInt' reads Procore ID field 'drawing_area_id' as 'int' (32 bits); use 'toVariant().toLongLong' [procore-id-width]
// CHECK-FIXES: {{^}}  D.drawing_area_id = obj.value("drawing_area_id").toVariant().toLongLong();{{$}}
  D.project_id = obj["project_id"].toVariant().toLongLong();
  D.revision_number = obj["revision_number"].toInt();
  D.title = obj["title"].toString();
  return D;
}

// Locals, with the keys of value() and operator[].
void readProject(const QJsonObject &obj) {
  int id = obj.value("id").toInt();
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: variable 'id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:12: note: 'id' is read from JSON field 'id' here
// CHECK-MESSAGES: :[[@LINE-3]]:28: warning: 'toInt' reads Procore ID field 'id' as 'int' (32 bits); use 'toVariant().toLongLong' [procore-id-width]
// CHECK-FIXES: {{^}}  qint64 id = obj.value("id").toVariant().toLongLong();{{$}}
  int company_id = obj["company_id"].toInt();
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: variable 'company_id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:20: note: 'company_id' is read from JSON field 'company_id' here
// CHECK-MESSAGES: :[[@LINE-3]]:38: warning: 'toInt' reads Procore ID field 'company_id' as 'int' (32 bits); use 'toVariant().toLongLong' [procore-id-width]
// CHECK-FIXES: {{^}}  qint64 company_id = obj["company_id"].toVariant().toLongLong();{{$}}
  qint64 vendor_id = obj["vendor_id"].toInt();
// CHECK-MESSAGES: :[[@LINE-1]]:39: warning: 'toInt' reads Procore ID field 'vendor_id' as 'int' (32 bits); use 'toVariant().toLongLong' [procore-id-width]
// CHECK-FIXES: {{^}}  qint64 vendor_id = obj["vendor_id"].toVariant().toLongLong();{{$}}
  int count = obj["count"].toInt();              // not an ID
  int per_page = obj.value("per_page").toInt();  // not an ID
  qint64 owner_id = obj["owner_id"].toVariant().toLongLong(); // already 64 bits
  std::printf("%d %d %lld %d %d %lld\n", id, company_id, vendor_id, count,
// CHECK-MESSAGES: :[[@LINE-1]]:17: warning: '%d' formats a Procore ID in fewer than 64 bits; use '%lld' [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:20: warning: '%d' formats a Procore ID in fewer than 64 bits; use '%lld' [procore-id-width]
// CHECK-FIXES: {{^}}  std::printf("%lld %lld %lld %d %d %lld\n", id, company_id, vendor_id, count,{{$}}
              per_page, owner_id);
}

// Text and QVariant conversions.
int parseUserId(const QString &Text) { return Text.toInt(); }
// CHECK-MESSAGES: :[[@LINE-1]]:5: warning: function 'parseUserId' returns a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-59]]:29: note: 'parseUserId' names a Procore user ID, and this file calls the Procore API
// CHECK-MESSAGES: qstringliteral.h:{{[0-9]+}}:{{[0-9]+}}: note: expanded from macro 'QStringLiteral'
// CHECK-MESSAGES: qstringliteral.h:{{[0-9]+}}:{{[0-9]+}}: note: expanded from macro 'QT_UNICODE_LITERAL'
// CHECK-MESSAGES: :[[@LINE-5]]:52: warning: 'toInt' converts a Procore ID to 'int' (32 bits); use 'toLongLong' [procore-id-width]
// CHECK-FIXES: {{^}}qint64 parseUserId(const QString &Text) { return Text.toLongLong(); }{{$}}
uint parseRfiId(const QByteArray &Text) { return Text.toUInt(); }
// CHECK-MESSAGES: :[[@LINE-1]]:6: warning: function 'parseRfiId' returns a Procore ID as 'uint' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-66]]:29: note: 'parseRfiId' names a Procore rfi ID, and this file calls the Procore API
// CHECK-MESSAGES: qstringliteral.h:{{[0-9]+}}:{{[0-9]+}}: note: expanded from macro 'QStringLiteral'
// CHECK-MESSAGES: qstringliteral.h:{{[0-9]+}}:{{[0-9]+}}: note: expanded from macro 'QT_UNICODE_LITERAL'
// CHECK-MESSAGES: :[[@LINE-5]]:55: warning: 'toUInt' converts a Procore ID to 'unsigned int' (32 bits); use 'toULongLong' [procore-id-width]
// CHECK-FIXES: {{^}}quint64 parseRfiId(const QByteArray &Text) { return Text.toULongLong(); }{{$}}
qint64 fromVariant(const QVariant &V) {
  int meeting_id = V.toInt();
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: variable 'meeting_id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-74]]:29: note: 'meeting_id' names a Procore meeting ID, and this file calls the Procore API
// CHECK-MESSAGES: qstringliteral.h:{{[0-9]+}}:{{[0-9]+}}: note: expanded from macro 'QStringLiteral'
// CHECK-MESSAGES: qstringliteral.h:{{[0-9]+}}:{{[0-9]+}}: note: expanded from macro 'QT_UNICODE_LITERAL'
// CHECK-MESSAGES: :[[@LINE-5]]:22: warning: 'toInt' converts a Procore ID to 'int' (32 bits); use 'toLongLong' [procore-id-width]
// CHECK-FIXES: {{^}}  qint64 meeting_id = V.toLongLong();{{$}}
  return meeting_id;
}
int countFrom(const QString &Text) { return Text.toInt(); } // not an ID

// The project ID goes into the URL, the company ID into the header.
QNetworkReply *fetchDrawings(QNetworkAccessManager &Manager, int company_id,
// CHECK-MESSAGES: :[[@LINE-1]]:66: warning: parameter 'company_id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+8]]:65: note: 'company_id' is sent to the Procore API here
// CHECK-FIXES: {{^}}QNetworkReply *fetchDrawings(QNetworkAccessManager &Manager, qint64 company_id,{{$}}
                             unsigned project_id) {
// CHECK-MESSAGES: :[[@LINE-1]]:39: warning: parameter 'project_id' holds a Procore ID as 'unsigned int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+2]]:49: note: 'project_id' is sent to the Procore API here
// CHECK-FIXES: {{^}}                             quint64 project_id) {{{$}}
  QString Path = "/projects/" + QString::number(project_id);
  QNetworkRequest Request(QUrl(kApi + Path + "/drawings"));
  Request.setRawHeader("Procore-Company-Id", QByteArray::number(company_id));
  return Manager.get(Request);
}

// QString::arg has a qlonglong overload too.
QUrl rfiUrl(int rfi_id) { return QUrl(kApi + QString("/rfis/%1").arg(rfi_id)); }
// CHECK-MESSAGES: :[[@LINE-1]]:17: warning: parameter 'rfi_id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:70: note: 'rfi_id' is sent to the Procore API here
// CHECK-FIXES: {{^}}QUrl rfiUrl(qint64 rfi_id) { return QUrl(kApi + QString("/rfis/%1").arg(rfi_id)); }{{$}}

// A list of IDs, and the IDs taken from it.
void fetchAll(QNetworkAccessManager &Manager, const QList<int> &project_ids) {
// CHECK-MESSAGES: :[[@LINE-1]]:65: warning: parameter 'project_ids' holds Procore IDs as 'int' elements (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-107]]:29: note: 'project_ids' names a Procore project ID, and this file calls the Procore API
// CHECK-MESSAGES: qstringliteral.h:{{[0-9]+}}:{{[0-9]+}}: note: expanded from macro 'QStringLiteral'
// CHECK-MESSAGES: qstringliteral.h:{{[0-9]+}}:{{[0-9]+}}: note: expanded from macro 'QT_UNICODE_LITERAL'
// CHECK-FIXES: {{^}}void fetchAll(QNetworkAccessManager &Manager, const QList<qint64> &project_ids) {{{$}}
  for (int project_id : project_ids)
// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: variable 'project_id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-113]]:29: note: 'project_id' names a Procore project ID, and this file calls the Procore API
// CHECK-MESSAGES: qstringliteral.h:{{[0-9]+}}:{{[0-9]+}}: note: expanded from macro 'QStringLiteral'
// CHECK-MESSAGES: qstringliteral.h:{{[0-9]+}}:{{[0-9]+}}: note: expanded from macro 'QT_UNICODE_LITERAL'
// CHECK-FIXES: {{^}}  for (qint64 project_id : project_ids){{$}}
    fetchDrawings(Manager, 1, project_id);
}

// IDs appended to a QList: the list's element type is fixed, not QList's.
QList<int> drawingIds(const QJsonArray &Items) {
// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: function 'drawingIds' returns Procore IDs as 'int' elements (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-123]]:29: note: 'drawingIds' names a Procore drawing ID, and this file calls the Procore API
// CHECK-MESSAGES: qstringliteral.h:{{[0-9]+}}:{{[0-9]+}}: note: expanded from macro 'QStringLiteral'
// CHECK-MESSAGES: qstringliteral.h:{{[0-9]+}}:{{[0-9]+}}: note: expanded from macro 'QT_UNICODE_LITERAL'
// CHECK-FIXES: {{^}}QList<qint64> drawingIds(const QJsonArray &Items) {{{$}}
  QList<int> ids;
// CHECK-MESSAGES: :[[@LINE-1]]:14: warning: variable 'ids' holds Procore IDs as 'int' elements (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+3]]:16: note: 'ids' is read from JSON field 'id' here
// CHECK-FIXES: {{^}}  QList<qint64> ids;{{$}}
  for (const QJsonValue &Item : Items)
    ids.append(Item.toObject()["id"].toInt());
// CHECK-MESSAGES: :[[@LINE-1]]:38: warning: 'toInt' reads Procore ID field 'id' as 'int' (32 bits); use 'toVariant().toLongLong' [procore-id-width]
// CHECK-FIXES: {{^}}    ids.append(Item.toObject()["id"].toVariant().toLongLong());{{$}}
  return ids;
}

// Formats.
QString describe(qint64 submittal_id, int Short) {
  QString Text = QString::asprintf("submittal %d", (int)submittal_id);
// CHECK-MESSAGES: :[[@LINE-1]]:48: warning: '%d' formats a Procore ID in fewer than 64 bits; use '%lld' [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:52: warning: Procore ID is cast to 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-FIXES: {{^}}  QString Text = QString::asprintf("submittal %lld", (qint64)submittal_id);{{$}}
  QString Other = QString::asprintf("#%d of %lld", Short, submittal_id);
  return Text + Other;
}

// Not IDs: a window ID, a thread ID, and an ID already 64-bit.
void unrelated(const QJsonObject &obj, const QString &Text) {
  int window_id = obj["window_id"].toInt();
  int thread_id = Text.toInt();
  qlonglong location_id = Text.toLongLong();
  std::printf("%d %d %lld\n", window_id, thread_id, location_id);
}

// qDebug() and QMessageLogger's other printf-like members are formats too.
void trace(int project_id) { qDebug("project %d", project_id); }
// CHECK-MESSAGES: :[[@LINE-1]]:16: warning: parameter 'project_id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-159]]:29: note: 'project_id' names a Procore project ID, and this file calls the Procore API
// CHECK-MESSAGES: qstringliteral.h:{{[0-9]+}}:{{[0-9]+}}: note: expanded from macro 'QStringLiteral'
// CHECK-MESSAGES: qstringliteral.h:{{[0-9]+}}:{{[0-9]+}}: note: expanded from macro 'QT_UNICODE_LITERAL'
// CHECK-MESSAGES: :[[@LINE-5]]:47: warning: '%d' formats a Procore ID in fewer than 64 bits; use '%lld' [procore-id-width]
// CHECK-FIXES: {{^}}void trace(qint64 project_id) { qDebug("project %lld", project_id); }{{$}}

// QString::arg puts the value after a resource's segment of a REST path.
QUrl rfiReplyUrl(int Rfi) {
// CHECK-MESSAGES: :[[@LINE-1]]:22: warning: parameter 'Rfi' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+2]]:80: note: 'Rfi' is sent to the Procore API here
// CHECK-FIXES: {{^}}QUrl rfiReplyUrl(qint64 Rfi) {{{$}}
  return QUrl(QString("https://api.procore.com/rest/v1.0/rfis/%1/replies").arg(Rfi));
}

// A conversion of a JSON value read (toVariant() of the value of "id")
// reads that field; the map it is inserted into holds IDs in its keys.
int vendorNames(const QJsonArray &Vendors) {
  QMap<unsigned, QString> Names;
// CHECK-MESSAGES: :[[@LINE-1]]:27: warning: variable 'Names' holds Procore IDs as 'unsigned int' keys (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+4]]:18: note: 'Names' is read from JSON field 'id' here
// CHECK-FIXES: {{^}}  QMap<quint64, QString> Names;{{$}}
  for (const QJsonValue &V : Vendors) {
    const QJsonObject O = V.toObject();
    Names.insert(O.value("id").toVariant().toUInt(), O.value("name").toString());
// CHECK-MESSAGES: :[[@LINE-1]]:44: warning: 'toUInt' converts a Procore ID to 'unsigned int' (32 bits); use 'toULongLong' [procore-id-width]
// CHECK-FIXES: {{^}}    Names.insert(O.value("id").toVariant().toULongLong(), O.value("name").toString());{{$}}
  }
  // A number of another service, and text a field holds: IDs are JSON
  // numbers, so a text field parsed to a number is some other code.
  QMap<QString, int> Sizes;
  QMap<int, QString> Badges;
  for (const QJsonValue &V : Vendors) {
    Sizes.insert(V.toObject().value("name").toString(),
                 V.toObject().value("size").toVariant().toInt());
    Badges.insert(V.toObject().value("employee_id").toString().toInt(),
                  V.toObject().value("name").toString());
  }
  return Names.size() + Sizes.size() + Badges.size();
}
