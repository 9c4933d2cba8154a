// RUN: %check_mpr_lint %s procore-id-width %t -- -- -std=c++17

// IDs that pass through templates: an argument of a function template's
// instance goes to the parameter the template spells, when its type is not
// a template parameter's, and a call the template names by a dependent
// type or name goes to the one constructor or function that fits. A local
// whose value ends in an ID holds that ID, whatever its name.

#include <cstdint>
#include <string>

void send(const std::string &Url);

struct Project {
  using id_type = std::int64_t;
};

template <class Env> struct ListRfis {
  Project::id_type Project;
  explicit ListRfis(Project::id_type P) : Project(P) {}
  std::string path() const {
    return std::string(Env::Base) + "/rest/v1.0/projects/" +
           std::to_string(Project) + "/rfis";
  }
};

template <class Env> void fetchPage(Project::id_type Project, Env, int Page) {
  send(std::string(Env::Base) + "/rest/v1.0/projects/" +
       std::to_string(Project) + "/rfis?page=" + std::to_string(Page));
}

template <class Env> void listOpen(Project::id_type Project) {
  send(ListRfis<Env>(Project).path());
}

template <class Env> void listPages(Project::id_type Project, int Pages) {
  for (int Page = 1; Page <= Pages; ++Page)
    fetchPage(Project, Env{}, Page);
}

template <class T> T twice(T Value) { return Value + Value; }

struct Production {
  static constexpr const char *Base = "https://api.procore.com";
};

int main(int Argc, char **Argv) {
  const int Target = std::stoi(Argv[1]);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: variable 'Target' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
  // CHECK-MESSAGES: :[[@LINE+3]]:24: note: 'Target' is stored in Procore ID 'Project' here
  // CHECK-MESSAGES: :[[@LINE-3]]:27: warning: 'stoi' converts a Procore ID to 'int' (32 bits); use 'stoll' [procore-id-width]
  // CHECK-FIXES: {{^}}  const std::int64_t Target = std::stoll(Argv[1]);{{$}}
  listOpen<Production>(Target);
  long Paged = std::atol(Argv[2]);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: variable 'Paged' holds a Procore ID as 'long' (32 bits on Windows); Procore IDs need 64 bits [procore-id-width]
  // CHECK-MESSAGES: :[[@LINE+5]]:25: note: 'Paged' is stored in Procore ID 'Project' here
  // CHECK-MESSAGES: :[[@LINE-3]]:21: warning: 'atol' converts a Procore ID to 'long' (32 bits on Windows); use 'atoll' [procore-id-width]
  // CHECK-FIXES: {{^}}  std::int64_t Paged = std::atoll(Argv[2]);{{$}}
  const int Pages = std::stoi(Argv[3]);
  int Doubled = twice(Pages);
  listPages<Production>(Paged, Doubled);
  return 0;
}
