//===--- MprLintMain.cpp - the mpr-lint command line ----------------------===//
//
// A thin front end over clang-tidy's library: it finds the compile commands,
// runs the procore-* checks and prints what clang-tidy prints, so editors,
// cpp-linter and CI parsers read it unchanged. Exit status:
//   0  no findings
//   1  findings reported
//   2  could not analyse (bad input, no compile command, compiler errors)
//
//===----------------------------------------------------------------------===//

#include "driver/Run.h"

int main(int argc, const char **argv) { return mpr::runMprLint(argc, argv); }
