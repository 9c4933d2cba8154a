// RUN: %check_mpr_lint %s procore-id-width %t -- -- -std=c++17

// A file that never calls the Procore API: resource-like names and JSON
// "id" fields are somebody else's IDs here. No finding is expected.

#include <nlohmann/json.hpp>
#include <cstdio>
#include <string>
#include <vector>

struct Issue {
  int id;
  int project_id;
  std::vector<int> user_ids;
};

Issue parseIssue(const nlohmann::json &J) {
  Issue I;
  I.id = J.at("id").get<int>();
  I.project_id = J["project_id"];
  for (const auto &User : J["users"])
    I.user_ids.push_back(User["id"].get<int>());
  return I;
}

std::string issueUrl(int project_id, int id) {
  char Buffer[128];
  std::snprintf(Buffer, sizeof Buffer, "https://tracker.example.com/projects/%d/issues/%d",
                project_id, id);
  return Buffer;
}

int company_id = std::stoi("42");
