// vendor_export.cpp
//
// Nightly export of the company vendor directory (and each vendor's insurance
// certificates) to the accounting ERP. Runs headless, so it authenticates as a
// Developer Managed Service Account with the client-credentials grant.
//
// Env: PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET, PROCORE_COMPANY_ID,
//      EXPORT_PAGE_SIZE (optional), ERP_HOST (optional)
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/NumberParser.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace dsl {

struct Host {
    std::string name;
};
inline Host operator""_host(const char* s, std::size_t n) { return Host{std::string(s, n)}; }

struct Endpoint {
    Host host;
    Poco::URI uri;

    Endpoint operator/(const std::string& seg) const {
        Endpoint e = *this;
        e.uri.setPath(uri.getPath() + "/" + seg);
        return e;
    }
};
inline Endpoint operator/(const Host& h, const std::string& seg) { return Endpoint{h, Poco::URI("/" + seg)}; }

struct Hdr {
    std::string name, value;
};
struct Param {
    std::string key, value;
};
struct Body {
    std::string content_type, data;
};

class Call {
  public:
    Call(std::string method, Endpoint ep) : method_(std::move(method)), ep_(std::move(ep)) {}

    Call& operator<<(const Hdr& h) {
        headers_.push_back(h);
        return *this;
    }
    Call& operator<<(const Param& p) {
        ep_.uri.addQueryParameter(p.key, p.value);
        return *this;
    }
    Call& operator<<(const Body& b) {
        body_ = b;
        return *this;
    }

    const Endpoint& endpoint() const { return ep_; }

    // Sends the call over TLS and returns the response body.
    std::string operator()(const std::string& bearer) const {
        Poco::Net::HTTPSClientSession session(ep_.host.name, 443);
        Poco::Net::HTTPRequest req(method_, ep_.uri.getPathAndQuery(), Poco::Net::HTTPMessage::HTTP_1_1);
        for (const auto& h : headers_) req.set(h.name, h.value);
        if (!bearer.empty()) req.setCredentials("Bearer", bearer);
        if (!body_.data.empty()) {
            req.setContentType(body_.content_type);
            req.setContentLength(static_cast<std::streamsize>(body_.data.size()));
        }
        std::ostream& os = session.sendRequest(req);
        os << body_.data;
        Poco::Net::HTTPResponse resp;
        std::istream& is = session.receiveResponse(resp);
        std::string out;
        Poco::StreamCopier::copyToString(is, out);
        if (resp.getStatus() >= 400)
            throw Poco::IOException(method_ + " " + ep_.uri.getPath() + " -> " + std::to_string(resp.getStatus()));
        return out;
    }

  private:
    std::string method_;
    Endpoint ep_;
    std::vector<Hdr> headers_;
    Body body_;
};

}  // namespace dsl

using namespace dsl;

static const Host kLogin = "login.procore.com"_host;
static const Host kApi = "api.procore.com"_host;
static const char* const kCompanyHeader = "Procore-Company-ID";

class VendorId {
  public:
    explicit VendorId(long v) : v_(v) {}
    std::string str() const { return std::to_string(v_); }

  private:
    long v_;
};

struct Vendor {
    VendorId id;
    std::string name;
    std::string abbreviated_name;
};

static std::string form_encode(const std::vector<std::pair<std::string, std::string>>& kv) {
    std::string out;
    for (const auto& p : kv) {
        std::string k, v;
        Poco::URI::encode(p.first, "&=+", k);
        Poco::URI::encode(p.second, "&=+", v);
        out += (out.empty() ? "" : "&") + k + "=" + v;
    }
    return out;
}

static std::string service_account_token(const std::string& id, const std::string& secret) {
    Call c("POST", kLogin / "oauth" / "token");
    c << Body{"application/x-www-form-urlencoded",
              form_encode({{"grant_type", "client_credentials"}, {"client_id", id}, {"client_secret", secret}})};
    Poco::JSON::Parser parser;
    auto obj = parser.parse(c("")).extract<Poco::JSON::Object::Ptr>();
    return obj->getValue<std::string>("access_token");
}

class Exporter {
  public:
    Exporter(std::string token, Poco::Int64 company)
        : token_(std::move(token)),
          company_(company),
          vendors_call_(Call("GET", kApi / "rest" / "v1.0" / "vendors") << this->company()) {}

    Hdr company() const { return Hdr{kCompanyHeader, std::to_string(company_)}; }

    void check_identity() const {
        Call me("GET", kApi / "rest" / "v1.0" / "me");
        Poco::JSON::Parser parser;
        auto obj = parser.parse(me(token_)).extract<Poco::JSON::Object::Ptr>();
        std::cout << "service account user " << obj->getValue<Poco::Int64>("id") << "\n";

        Call companies("GET", kApi / "rest" / "v1.0" / "companies");
        companies << company();
        auto arr = Poco::JSON::Parser().parse(companies(token_)).extract<Poco::JSON::Array::Ptr>();
        std::cout << "visible companies: " << arr->size() << "\n";
    }

    std::vector<Vendor> vendors(int page_size) const {
        std::vector<Vendor> out;
        for (int page = 1;; ++page) {
            Call c = vendors_call_;
            c << Param{"company_id", std::to_string(company_)}
              << Param{"page", std::to_string(page)} << Param{"per_page", std::to_string(page_size)};
            auto arr = Poco::JSON::Parser().parse(c(token_)).extract<Poco::JSON::Array::Ptr>();
            if (arr->size() == 0) break;
            for (std::size_t i = 0; i < arr->size(); ++i) {
                auto v = arr->getObject(static_cast<unsigned>(i));
                out.push_back(Vendor{VendorId(v->getValue<Poco::Int64>("id")), v->optValue<std::string>("name", ""),
                                     v->optValue<std::string>("abbreviated_name", "")});
            }
            if (static_cast<int>(arr->size()) < page_size) break;
        }
        return out;
    }

    std::string insurance_rows(const Vendor& v) const {
        Call c("GET", vendors_call_.endpoint() / v.id.str() / "insurances");
        c << Param{"company_id", std::to_string(company_)};
        auto arr = Poco::JSON::Parser().parse(c(token_)).extract<Poco::JSON::Array::Ptr>();
        std::ostringstream rows;
        for (std::size_t i = 0; i < arr->size(); ++i) {
            auto ins = arr->getObject(static_cast<unsigned>(i));
            const int insurance_id = ins->getValue<int>("id");
            rows << v.id.str() << ',' << insurance_id << ',' << ins->optValue<std::string>("insurance_type", "")
                 << ',' << ins->optValue<std::string>("expiration_date", "") << ",https://app.procore.com/"
                 << company_ << "/company/directory/vendors\n";
        }
        return rows.str();
    }

  private:
    std::string token_;
    Poco::Int64 company_;
    const Call vendors_call_;  // carries the company header
};

static void push_to_erp(const std::string& host, const std::string& csv) {
    Poco::Net::HTTPClientSession erp(host, 8080);
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, "/import/vendor-insurance",
                               Poco::Net::HTTPMessage::HTTP_1_1);
    req.setContentType("text/csv");
    req.setContentLength(static_cast<std::streamsize>(csv.size()));
    erp.sendRequest(req) << csv;
    Poco::Net::HTTPResponse resp;
    erp.receiveResponse(resp);
    std::cout << "ERP import: " << static_cast<int>(resp.getStatus()) << "\n";
}

int main() {
    try {
        const char* id = std::getenv("PROCORE_CLIENT_ID");
        const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
        const char* company = std::getenv("PROCORE_COMPANY_ID");
        if (!id || !secret || !company) {
            std::cerr << "PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET and PROCORE_COMPANY_ID are required\n";
            return 2;
        }
        const char* ps = std::getenv("EXPORT_PAGE_SIZE");
        const int page_size = ps ? Poco::NumberParser::parse(ps) : 100;
        const char* erp = std::getenv("ERP_HOST");

        Exporter ex(service_account_token(id, secret), Poco::NumberParser::parse64(company));
        ex.check_identity();
        std::string csv = "vendor_id,insurance_id,type,expires,link\n";
        for (const auto& v : ex.vendors(page_size)) csv += ex.insurance_rows(v);
        push_to_erp(erp ? erp : "erp.internal.example", csv);
    } catch (const Poco::Exception& e) {
        std::cerr << "vendor_export: " << e.displayText() << "\n";
        return 1;
    }
    return 0;
}
