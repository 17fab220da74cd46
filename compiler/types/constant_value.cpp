#include "compiler/types/constant_value.h"

#include <cmath>
#include <limits>

namespace ferry::types {

bool ConstantValue::asInt64(int64_t& out) const {
  switch (kind) {
    case Kind::Int:
      out = int_value;
      return true;
    case Kind::UInt:
      if (uint_value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return false;
      out = static_cast<int64_t>(uint_value);
      return true;
    case Kind::Bool:
      out = bool_value ? 1 : 0;
      return true;
    case Kind::Float:
      // 2^63 is exactly representable; anything at or beyond it does not fit.
      if (!std::isfinite(float_value) || std::trunc(float_value) != float_value ||
          float_value < -9223372036854775808.0 || float_value >= 9223372036854775808.0) {
        return false;
      }
      out = static_cast<int64_t>(float_value);
      return true;
    default:
      return false;
  }
}

}  // namespace ferry::types
