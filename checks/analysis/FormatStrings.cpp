//===--- FormatStrings.cpp - the conversions of printf and scanf formats --===//

#include "analysis/FormatStrings.h"
#include "clang/AST/FormatString.h"

namespace clang::tidy::procore {
namespace {

class ConversionCollector : public analyze_format_string::FormatStringHandler {
public:
  explicit ConversionCollector(const char *Start) : Start(Start) {}

  bool HandlePrintfSpecifier(const analyze_printf::PrintfSpecifier &FS,
                             const char *StartSpecifier, unsigned Length,
                             const TargetInfo &) override {
    add(FS, FS.getConversionSpecifier().getStart(), StartSpecifier, Length,
        FS.consumesDataArgument());
    return true;
  }

  bool HandleScanfSpecifier(const analyze_scanf::ScanfSpecifier &FS,
                            const char *StartSpecifier,
                            unsigned Length) override {
    add(FS, FS.getConversionSpecifier().getStart(), StartSpecifier, Length,
        FS.consumesDataArgument());
    return true;
  }

  std::vector<FormatConversion> Conversions;

private:
  void add(const analyze_format_string::FormatSpecifier &FS,
           const char *ConversionStart, const char *StartSpecifier,
           unsigned Length, bool TakesArgument) {
    size_t Begin = StartSpecifier - Start;
    size_t End = Begin + Length;
    const analyze_format_string::LengthModifier &Modifier =
        FS.getLengthModifier();
    size_t LengthBegin =
        Modifier.getKind() != analyze_format_string::LengthModifier::None &&
                Modifier.getStart()
            ? Modifier.getStart() - Start
            : ConversionStart - Start;
    Conversions.push_back({Begin, LengthBegin, End,
                           ConversionStart ? *ConversionStart : '\0',
                           TakesArgument, FS.getArgIndex()});
  }

  const char *Start;
};

} // namespace

std::vector<FormatConversion> formatConversions(llvm::StringRef Format,
                                                bool Scans,
                                                const ASTContext &Context) {
  ConversionCollector Collector(Format.data());
  const char *End = Format.data() + Format.size();
  if (Scans)
    analyze_format_string::ParseScanfString(Collector, Format.data(), End,
                                            Context.getLangOpts(),
                                            Context.getTargetInfo());
  else
    analyze_format_string::ParsePrintfString(
        Collector, Format.data(), End, Context.getLangOpts(),
        Context.getTargetInfo(), /*isFreeBSDKPrintf=*/false);
  return std::move(Collector.Conversions);
}

} // namespace clang::tidy::procore
