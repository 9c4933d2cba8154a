#!/usr/bin/env python3
"""Writes the large or deep inputs of the bad-input tests, so none is committed.

  generate.py huge-source FILE MEGABYTES   functions with compliant URLs, then
                                           one legacy URL on the last line
  generate.py deep-macros FILE DEPTH       a URL through DEPTH nested macros
  generate.py deep-templates FILE DEPTH    a URL returned through DEPTH
                                           template instantiations
  generate.py long-concatenation FILE N    a URL built from N appended pieces
  generate.py doubling FILE N              N strings, each twice the one before
  generate.py growing-url FILE N           a URL appended to and set N times
  generate.py backward-chain FILE N        a JSON ID passed back through N
                                           variables, then into an int
  generate.py compile-db FILE ENTRIES DIR  a compilation database with ENTRIES
                                           other files, then DIR/a.cpp
"""

import json
import sys


def huge_source(out, megabytes):
    limit = megabytes * 1024 * 1024
    written = 0
    index = 0
    while written < limit:
        block = (
            "// Project %d: a compliant endpoint, traced and left alone.\n"
            "const char *projectUrl%d() {\n"
            "  return \"https://api.procore.com/rest/v1.0/projects/%d\";\n"
            "}\n" % (index, index, index))
        out.write(block)
        written += len(block)
        index += 1
    out.write('const char *TokenUrl = "https://app.procore.com/oauth/token";\n')


def deep_macros(out, depth):
    out.write("#define WRAP0(x) x\n")
    for level in range(1, depth):
        out.write("#define WRAP%d(x) WRAP%d(x)\n" % (level, level - 1))
    out.write('const char *TokenUrl = WRAP%d("https://app.procore.com/oauth/token");\n'
              % (depth - 1))


def deep_templates(out, depth):
    out.write("template <int N> struct Url {\n"
              "  static const char *get() { return Url<N - 1>::get(); }\n"
              "};\n"
              "template <> struct Url<0> {\n"
              '  static const char *get() { return "https://app.procore.com/rest/v1.0/me"; }\n'
              "};\n"
              "const char *Me = Url<%d>::get();\n" % depth)


def long_concatenation(out, pieces):
    out.write('#include <string>\n'
              'std::string Base = "https://app.procore.com";\n'
              'std::string Url = Base + "/rest/v1.0"')
    for _ in range(pieces):
        out.write(' + "/x"')
    out.write(";\n")


def doubling(out, steps):
    out.write('#include <string>\n'
              'std::string url() {\n'
              '  std::string Text0 = "https://app.procore.com";\n')
    for step in range(1, steps + 1):
        out.write("  std::string Text%d = Text%d + Text%d;\n" % (step, step - 1, step - 1))
    out.write('  return Text%d + "/rest/v1.0/me";\n}\n' % steps)


def growing_url(out, steps):
    out.write('#include <curl/curl.h>\n'
              '#include <string>\n'
              'void sync() {\n'
              '  CURL *Curl = curl_easy_init();\n'
              '  std::string Url = "https://app.procore.com/rest/v1.0";\n')
    for _ in range(steps):
        out.write('  Url += "/x";\n'
                  '  curl_easy_setopt(Curl, CURLOPT_URL, Url.c_str());\n')
    out.write("  curl_easy_perform(Curl);\n}\n")


def backward_chain(out, links):
    out.write('#include <nlohmann/json.hpp>\n'
              'static const char *kApi = "https://api.procore.com/rest/v1.0";\n'
              'void sync(const nlohmann::json &Project) {\n')
    for link in range(links):
        out.write("  long long Value%d = 0;\n" % link)
    # Written last to first: each assignment reads the one below it.
    for link in range(links - 1):
        out.write("  Value%d = Value%d;\n" % (link, link + 1))
    out.write('  Value%d = Project["id"].get<long long>();\n'
              "  int Narrow = Value0;\n"
              "  (void)Narrow;\n"
              "}\n" % (links - 1))


def compile_db(out, entries, directory):
    commands = [{"directory": "/nonexistent/build", "file": "src/file%d.cpp" % i,
                 "command": "c++ -std=c++17 -Iinclude -DINDEX=%d -c src/file%d.cpp" % (i, i)}
                for i in range(entries)]
    commands.append({"directory": directory, "file": "a.cpp",
                     "command": "c++ -std=c++17 -c a.cpp"})
    json.dump(commands, out, indent=1)


GENERATORS = {
    "huge-source": huge_source,
    "deep-macros": deep_macros,
    "deep-templates": deep_templates,
    "long-concatenation": long_concatenation,
    "doubling": doubling,
    "growing-url": growing_url,
    "backward-chain": backward_chain,
    "compile-db": compile_db,
}


def main():
    kind, path, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    generator = GENERATORS.get(kind)
    if generator is None:
        sys.exit("generate.py: unknown kind " + kind)
    with open(path, "w") as out:
        generator(out, size, *sys.argv[4:])


if __name__ == "__main__":
    main()
