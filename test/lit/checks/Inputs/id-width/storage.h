// A library header found through -I, as vendored code often is: not a
// system header, not the user's to widen.
#pragma once

namespace storage {
// No 64-bit overload: an ID passed here is cut to 32 bits.
void putRow(int key);
// Overloaded: a widened ID picks the 64-bit one.
void log(int value);
void log(long value);
void log(long long value);

template <class T> struct Box {
  void put(const T &t) { Value = t; }
  T Value;
};
} // namespace storage
