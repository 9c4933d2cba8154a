// A library header on the system include path. widenId is a template: its
// body is instantiated with the caller's type, so it is parsed. The body of
// brokenHelper cannot depend on any caller, and this one does not compile:
// a parse that skips it never sees the error.
#pragma once

template <typename T> long long widenId(T Value) {
  static_assert(sizeof(T) == 8, "widthlib: pass the ID as a 64-bit value");
  return Value;
}

inline long long brokenHelper() { return undeclared_in_widthlib; }
