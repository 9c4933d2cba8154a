// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// Constructor injection: a class keeps the transport it is given in a
// member and sends through it. The class of that member is what the
// constructions of the class give it (through std::make_shared, converted
// smart pointers and std::move), so a decorator that adds the header is
// told from the raw transport. When the code leaves the class open (a
// factory that picks one of several), a request that only the raw
// transport would send without the header gets no verdict: the raw
// transport may never be the one picked.

#include <curl/curl.h>

#include <memory>
#include <string>
#include <vector>

struct Request {
  std::string Url;
  std::vector<std::string> Lines;
};

struct Transport {
  virtual ~Transport() = default;
  virtual long send(Request &R) = 0;
};

struct CurlTransport : Transport {
  long send(Request &R) override {
    CURL *Handle = curl_easy_init();
    curl_slist *List = nullptr;
    for (const std::string &Line : R.Lines)
      List = curl_slist_append(List, Line.c_str());
    curl_easy_setopt(Handle, CURLOPT_URL, R.Url.c_str());
    curl_easy_setopt(Handle, CURLOPT_HTTPHEADER, List);
    return curl_easy_perform(Handle);
  }
};

struct CompanyScoped : Transport {
  explicit CompanyScoped(std::shared_ptr<Transport> Inner)
      : Inner(std::move(Inner)) {}
  long send(Request &R) override {
    R.Lines.push_back("Procore-Company-Id: 42");
    return Inner->send(R);
  }
  std::shared_ptr<Transport> Inner;
};

// Built once, with the decorator: its requests carry the header.
class VendorPusher {
public:
  explicit VendorPusher(std::shared_ptr<Transport> Api) : Api(std::move(Api)) {}
  long create() {
    Request R{"https://api.procore.com/rest/v1.0/vendors", {}};
    return Api->send(R);
  }

private:
  std::shared_ptr<Transport> Api;
};

// Built once, with the raw transport: its request lacks the header.
class DirectoryReader {
public:
  explicit DirectoryReader(std::shared_ptr<Transport> Api)
      : Api(std::move(Api)) {}
  long users() {
    Request R{"https://api.procore.com/rest/v1.0/companies/42/users", {}};
    return Api->send(R);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: Procore API request to '/rest/v1.0/companies/42/users' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
    // CHECK-MESSAGES: :[[@LINE-36]]:12: note: sent here
  }

private:
  std::shared_ptr<Transport> Api;
};

// Built with what a factory picks: the class is left open.
class ReportJob {
public:
  explicit ReportJob(std::shared_ptr<Transport> Api) : Api(std::move(Api)) {}
  long rfis() {
    Request R{"https://api.procore.com/rest/v1.0/projects/7/rfis", {}};
    return Api->send(R);
  }

private:
  std::shared_ptr<Transport> Api;
};

struct DryRun : Transport {
  long send(Request &) override { return 200; }
};

std::shared_ptr<Transport> pick(bool Dry, std::shared_ptr<Transport> Live) {
  if (Dry)
    return std::make_shared<DryRun>();
  return Live;
}

int main(int Argc, char **) {
  std::shared_ptr<Transport> Wire = std::make_shared<CurlTransport>();
  auto Scoped = std::make_shared<CompanyScoped>(Wire);
  VendorPusher Pusher(Scoped);
  DirectoryReader Reader(Wire);
  ReportJob Daily(pick(Argc > 1, Scoped));
  return Pusher.create() + Reader.users() + Daily.rfis();
}
