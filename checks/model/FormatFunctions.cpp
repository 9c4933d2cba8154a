//===--- FormatFunctions.cpp - printf and scanf and their relatives -------===//

#include "model/FormatFunctions.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::procore {
namespace {

// Name, format argument, scans, takes a va_list, writes a buffer.
constexpr FormatFunction FormatFunctions[] = {
    {"printf", 0, false, false, false},
    {"fprintf", 1, false, false, false},
    {"sprintf", 1, false, false, true},
    {"snprintf", 2, false, false, true},
    {"dprintf", 1, false, false, false},
    {"asprintf", 1, false, false, true},
    {"syslog", 1, false, false, false},
    {"wprintf", 0, false, false, false},
    {"fwprintf", 1, false, false, false},
    {"swprintf", 2, false, false, true},
    {"QString::asprintf", 0, false, false, false},
    {"QMessageLogger::debug", 0, false, false, false},
    {"QMessageLogger::info", 0, false, false, false},
    {"QMessageLogger::warning", 0, false, false, false},
    {"QMessageLogger::critical", 0, false, false, false},
    {"scanf", 0, true, false, false},
    {"fscanf", 1, true, false, false},
    {"sscanf", 1, true, false, false},
    {"wscanf", 0, true, false, false},
    {"fwscanf", 1, true, false, false},
    {"swscanf", 1, true, false, false},
    // The relatives that take their arguments as a va_list.
    {"vprintf", 0, false, true, false},
    {"vfprintf", 1, false, true, false},
    {"vsprintf", 1, false, true, true},
    {"vsnprintf", 2, false, true, true},
    {"vasprintf", 1, false, true, true},
    {"vdprintf", 1, false, true, false},
    {"vsyslog", 1, false, true, false},
    {"vwprintf", 0, false, true, false},
    {"vfwprintf", 1, false, true, false},
    {"vswprintf", 2, false, true, true},
    {"vscanf", 0, true, true, false},
    {"vfscanf", 1, true, true, false},
    {"vsscanf", 1, true, true, false},
    {"vwscanf", 0, true, true, false},
    {"vfwscanf", 1, true, true, false},
    {"vswscanf", 1, true, true, false},
};

// Library functions that return the formatted text, the format first.
constexpr llvm::StringLiteral PrintfTextFunctions[] = {"Poco::format",
                                                       "QString::asprintf"};

} // namespace

bool returnsPrintfText(llvm::StringRef QualifiedName) {
  return llvm::is_contained(PrintfTextFunctions, QualifiedName);
}

const FormatFunction *findFormatFunction(llvm::StringRef Name) {
  Name.consume_front("std::");
  for (const FormatFunction &Function : FormatFunctions)
    if (Function.Name == Name)
      return &Function;
  return nullptr;
}

} // namespace clang::tidy::procore
