// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// Header lists built by pure functions and merged with a range insert
// (`A.insert(A.end(), B.begin(), B.end())`, also through
// `std::make_move_iterator`): the merged list holds every
// header of both. A std::visit over a generic lambda picks the instance for
// the alternative the variant holds, with its `if constexpr` branch.

#include <curl/curl.h>

#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

using Headers = std::vector<std::pair<std::string, std::string>>;

struct GetMe {};
struct ListProjects {
  long long CompanyId;
};
struct ListVendors {
  long long CompanyId;
};
struct ListUsers {
  long long CompanyId;
};
using Request = std::variant<GetMe, ListProjects, ListVendors, ListUsers>;

Headers bearer(const std::string &Token) {
  return {{"Authorization", "Bearer " + Token}};
}
Headers company(long long Id) {
  return {{"Procore-Company-Id", std::to_string(Id)}};
}
Headers merge(Headers First, const Headers &Second) {
  First.insert(First.end(), Second.begin(), Second.end());
  return First;
}
Headers mergeMoved(Headers First, Headers Second) {
  First.insert(First.end(), std::make_move_iterator(Second.begin()),
               std::make_move_iterator(Second.end()));
  return First;
}

struct UrlOf {
  std::string operator()(const GetMe &) const {
    return "https://api.procore.com/rest/v1.0/me";
  }
  std::string operator()(const ListProjects &Q) const {
    return "https://api.procore.com/rest/v1.0/projects?company_id=" +
           std::to_string(Q.CompanyId);
  }
  std::string operator()(const ListVendors &Q) const {
    return "https://api.procore.com/rest/v1.0/vendors?company_id=" +
           std::to_string(Q.CompanyId);
  }
  std::string operator()(const ListUsers &Q) const {
    return "https://api.procore.com/rest/v1.0/companies/" +
           std::to_string(Q.CompanyId) + "/users";
  }
};

Headers headersFor(const Request &R) {
  return std::visit(
      [](const auto &Q) -> Headers {
        using T = std::decay_t<decltype(Q)>;
        if constexpr (std::is_same_v<T, ListProjects>)
          return merge(bearer("token"), company(Q.CompanyId));
        else if constexpr (std::is_same_v<T, ListUsers>)
          return mergeMoved(bearer("token"), company(Q.CompanyId));
        else
          return bearer("token");
      },
      R);
}

long send(const Request &R) {
  CURL *Curl = curl_easy_init();
  curl_slist *List = nullptr;
  for (const auto &[Name, Value] : headersFor(R))
    List = curl_slist_append(List, (Name + ": " + Value).c_str());
  const std::string Url = std::visit(UrlOf{}, R);
  curl_easy_setopt(Curl, CURLOPT_URL, Url.c_str());
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, List);
  CURLcode Code = curl_easy_perform(Curl);
  curl_slist_free_all(List);
  curl_easy_cleanup(Curl);
  return Code;
}

int main() {
  send(GetMe{});
  send(ListProjects{42});
  send(ListUsers{42});
  send(ListVendors{42});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors?company_id=...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :87:19: note: sent here
}
