// RUN: %check_mpr_lint %s procore-id-width %t -- -- -std=c++17

// Boost's property tree read from a Procore response: get<int>("id") and
// get<int>("vendor.id", 0) read an ID into 32 bits; a count does not.

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>

#include <cstdint>
#include <sstream>
#include <string>

static const char *kUsers = "https://api.procore.com/rest/v1.0/companies/7/users";

struct DirectoryUser {
  std::int64_t id = 0;
  std::int64_t vendor_id = 0;
};

DirectoryUser parseUser(const std::string &Body, int &Pages) {
  std::istringstream In(Body);
  boost::property_tree::ptree Tree;
  boost::property_tree::read_json(In, Tree);
  DirectoryUser User;
  User.id = Tree.get<int>("id");
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'get' reads Procore ID field 'id' as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
  // CHECK-FIXES: {{^}}  User.id = Tree.get<std::int64_t>("id");{{$}}
  User.vendor_id = Tree.get<int>("vendor.id", 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'get' reads Procore ID field 'vendor.id' as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
  // CHECK-FIXES: {{^}}  User.vendor_id = Tree.get<std::int64_t>("vendor.id", 0);{{$}}
  Pages = Tree.get<int>("total_pages", 1);
  return User;
}
