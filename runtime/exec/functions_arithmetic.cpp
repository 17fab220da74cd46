/// Arithmetic, comparison and rounding functions. Operands are converted to the result type (or to
/// a common comparison type) column-wise first, so each operator is one typed loop.
#include <cmath>
#include <limits>

#include "runtime/exec/exec_internal.h"

namespace ferry::rt::exec {

ColumnPtr addInterval(const ColumnPtr& time, const ColumnPtr& count, const std::string& unit, int sign,
                      const ColumnTypePtr& result, size_t rows);
std::string intervalUnitOf(const ColumnType& t);

namespace {

template <class T>
constexpr bool is_int_v = std::is_integral_v<T> || std::is_same_v<T, Int128> || std::is_same_v<T, UInt128>;

ColumnPtr toType(const ColumnPtr& c, const ColumnTypePtr& t) {
  if (typeName(layoutType(*c->type)) == typeName(layoutType(*t))) return c;
  return castColumn(c, t);
}

enum class Op { Plus, Minus, Multiply, Divide, IntDiv, IntDivOrZero, Modulo, ModuloOrZero };

template <class T>
T applyOp(Op op, T a, T b) {
  switch (op) {
    case Op::Plus:
      if constexpr (is_int_v<T> && sizeof(T) <= 8) return T(uint64_t(a) + uint64_t(b));
      else return a + b;
    case Op::Minus:
      if constexpr (is_int_v<T> && sizeof(T) <= 8) return T(uint64_t(a) - uint64_t(b));
      else return a - b;
    case Op::Multiply:
      if constexpr (is_int_v<T> && sizeof(T) <= 8) return T(uint64_t(a) * uint64_t(b));
      else return a * b;
    case Op::Divide: return a / b;
    case Op::IntDiv:
    case Op::IntDivOrZero:
      if constexpr (is_int_v<T>) {
        if (b == 0) {
          if (op == Op::IntDivOrZero) return T(0);
          fail("ILLEGAL_DIVISION", "Division by zero");
        }
        if constexpr (std::is_signed_v<T> && sizeof(T) <= 8)
          if (b == T(-1)) return T(uint64_t(0) - uint64_t(a));
        return a / b;
      } else {
        return std::trunc(a / b);
      }
    case Op::Modulo:
    case Op::ModuloOrZero:
      if constexpr (is_int_v<T>) {
        if (b == 0) {
          if (op == Op::ModuloOrZero) return T(0);
          fail("ILLEGAL_DIVISION", "Division by zero");
        }
        if constexpr (std::is_signed_v<T> || std::is_same_v<T, Int128>)
          if (b == T(-1)) return T(0);
        return a % b;
      } else {
        return std::fmod(a, b);
      }
  }
  return a;
}

template <Op op>
ColumnPtr binaryNumeric(CallArgs& a, const ColumnTypePtr& compute_type) {
  auto x = toType(a.cols[0], compute_type), y = toType(a.cols[1], compute_type);
  ColumnPtr out;
  dispatchFixed(layoutKind(*compute_type), [&](auto tag) {
    using T = typename decltype(tag)::type;
    out = newFixed<T>(compute_type, a.rows);
    Vals<T> vx(*x), vy(*y);
    T* o = out->values<T>();
    if constexpr (op == Op::Plus || op == Op::Minus || op == Op::Multiply) {
      if (!x->is_const && !y->is_const) {
        for (size_t i = 0; i < a.rows; ++i) o[i] = applyOp(op, vx.p[i], vy.p[i]);
        return;
      }
    }
    for (size_t i = 0; i < a.rows; ++i) o[i] = applyOp(op, vx[i], vy[i]);
  });
  if (!out) fail("ILLEGAL_TYPE_OF_ARGUMENT", "Illegal types of arguments of function " + a.call.function);
  return out;
}

bool isIntervalArg(CallArgs& a, size_t i) { return a.kind(i) == TypeKind::Interval; }

Int128 pow10(uint32_t n) {
  Int128 r = 1;
  while (n--) r *= 10;
  return r;
}

/// Decimal arithmetic in Int128 over scaled integers.
ColumnPtr decimalArith(CallArgs& a, Op op) {
  const ColumnType& rt = layoutType(*a.result);
  auto scaled = [&](size_t i, uint32_t scale) {
    // The argument as Int128 scaled to `scale`.
    const ColumnType& t = a.type(i);
    std::vector<Int128> v(a.rows);
    if (isDecimalKind(t.kind)) {
      dispatchFixed(t.kind, [&](auto tag) {
        using T = typename decltype(tag)::type;
        Vals<T> in(*a.cols[i]);
        for (size_t r = 0; r < a.rows; ++r) {
          Int128 x = Int128(in[r]);
          v[r] = scale >= t.scale ? x * pow10(scale - t.scale) : x / pow10(t.scale - scale);
        }
      });
    } else if (isFloatKind(t.kind)) {
      auto d = castColumn(a.cols[i], typeFloat64());
      Vals<double> in(*d);
      for (size_t r = 0; r < a.rows; ++r) v[r] = Int128(in[r] * double(pow10(scale)));
    } else {
      auto d = castColumn(a.cols[i], makeType(TypeKind::Int128));
      Vals<Int128> in(*d);
      for (size_t r = 0; r < a.rows; ++r) v[r] = in[r] * pow10(scale);
    }
    return v;
  };
  std::vector<Int128> res(a.rows);
  uint32_t s0 = isDecimalKind(a.kind(0)) ? a.type(0).scale : 0;
  uint32_t s1 = isDecimalKind(a.kind(1)) ? a.type(1).scale : 0;
  if (op == Op::Plus || op == Op::Minus) {
    auto x = scaled(0, rt.scale), y = scaled(1, rt.scale);
    for (size_t r = 0; r < a.rows; ++r) res[r] = op == Op::Plus ? x[r] + y[r] : x[r] - y[r];
  } else if (op == Op::Multiply) {
    auto x = scaled(0, s0), y = scaled(1, s1);
    for (size_t r = 0; r < a.rows; ++r) {
      Int128 p = x[r] * y[r];
      uint32_t have = s0 + s1;
      res[r] = have >= rt.scale ? p / pow10(have - rt.scale) : p * pow10(rt.scale - have);
    }
  } else if (op == Op::Divide) {
    auto x = scaled(0, s0), y = scaled(1, s1);
    for (size_t r = 0; r < a.rows; ++r) {
      if (y[r] == 0) fail("ILLEGAL_DIVISION", "Division by zero");
      // x/10^s0 / (y/10^s1) * 10^rs = x * 10^(s1 + rs - s0) / y
      int e = int(s1) + int(rt.scale) - int(s0);
      Int128 num = e >= 0 ? x[r] * pow10(uint32_t(e)) : x[r] / pow10(uint32_t(-e));
      res[r] = num / y[r];
    }
  } else {
    fail("ILLEGAL_TYPE_OF_ARGUMENT", "Function " + a.call.function + " is not supported for Decimal");
  }
  ColumnPtr out;
  dispatchFixed(rt.kind, [&](auto tag) {
    using T = typename decltype(tag)::type;
    out = newFixed<T>(a.result, a.rows);
    for (size_t r = 0; r < a.rows; ++r) out->values<T>()[r] = T(res[r]);
  });
  return out;
}

template <Op op>
ColumnPtr arithmetic(CallArgs& a) {
  const ColumnType& rt = layoutType(*a.result);
  if constexpr (op == Op::Plus || op == Op::Minus) {
    if (isIntervalArg(a, 0) || isIntervalArg(a, 1)) {
      if (isIntervalArg(a, 0) && isIntervalArg(a, 1)) return binaryNumeric<op>(a, a.result);
      size_t ti = isIntervalArg(a, 0) ? 1 : 0;
      return addInterval(a.cols[ti], a.cols[1 - ti], intervalUnitOf(a.type(1 - ti)), op == Op::Plus ? 1 : -1, a.result,
                         a.rows);
    }
    if (isDateKind(rt.kind)) {
      // Date +- integer days, DateTime +- integer seconds.
      size_t ti = isDateKind(a.kind(0)) ? 0 : 1;
      std::string unit = rt.kind == TypeKind::Date || rt.kind == TypeKind::Date32 ? "Day" : "Second";
      if (rt.kind == TypeKind::DateTime64) {
        auto ticks = castColumn(a.cols[1 - ti], typeInt64());
        return addInterval(a.cols[ti], ticks, "Tick", op == Op::Plus ? 1 : -1, a.result, a.rows);
      }
      return addInterval(a.cols[ti], a.cols[1 - ti], unit, op == Op::Plus ? 1 : -1, a.result, a.rows);
    }
  }
  if (isDecimalKind(rt.kind)) return decimalArith(a, op);
  if constexpr (op == Op::Divide) {
    if (isDecimalKind(a.kind(0)) || isDecimalKind(a.kind(1))) return binaryNumeric<op>(a, typeFloat64());
    return binaryNumeric<op>(a, a.result);
  }
  if constexpr (op == Op::IntDiv || op == Op::IntDivOrZero || op == Op::Modulo || op == Op::ModuloOrZero) {
    bool any_float = isFloatKind(a.kind(0)) || isFloatKind(a.kind(1)) || isDecimalKind(a.kind(0)) || isDecimalKind(a.kind(1));
    ColumnTypePtr compute;
    if (any_float) compute = typeFloat64();
    else if (isUnsignedKind(a.kind(0)) && isUnsignedKind(a.kind(1))) compute = typeUInt64();
    else compute = typeInt64();
    if (op == Op::Modulo && any_float && isFloatKind(rt.kind)) compute = typeFloat64();
    auto r = binaryNumeric<op>(a, compute);
    return castColumn(r, a.result);
  }
  return binaryNumeric<op>(a, a.result);
}

ColumnPtr negateFn(CallArgs& a) {
  const ColumnType& rt = layoutType(*a.result);
  if (rt.kind == TypeKind::Interval) {
    auto x = castColumn(a.cols[0], typeInt64());
    auto out = newFixed<int64_t>(a.result, a.rows);
    Vals<int64_t> v(*x);
    for (size_t i = 0; i < a.rows; ++i) out->values<int64_t>()[i] = -v[i];
    return out;
  }
  auto x = toType(a.cols[0], a.result);
  ColumnPtr out;
  dispatchFixed(rt.kind, [&](auto tag) {
    using T = typename decltype(tag)::type;
    out = newFixed<T>(a.result, a.rows);
    Vals<T> v(*x);
    for (size_t i = 0; i < a.rows; ++i) {
      if constexpr (is_int_v<T> && sizeof(T) <= 8) out->values<T>()[i] = T(uint64_t(0) - uint64_t(v[i]));
      else out->values<T>()[i] = -v[i];
    }
  });
  return out;
}

ColumnPtr absFn(CallArgs& a) {
  const ColumnType& rt = layoutType(*a.result);
  ColumnPtr out;
  dispatchFixed(a.kind(0), [&](auto ftag) {
    using F = typename decltype(ftag)::type;
    dispatchFixed(rt.kind, [&](auto tag) {
      using T = typename decltype(tag)::type;
      out = newFixed<T>(a.result, a.rows);
      Vals<F> v(*a.cols[0]);
      for (size_t i = 0; i < a.rows; ++i) {
        F x = v[i];
        if constexpr (std::is_floating_point_v<F>) out->values<T>()[i] = T(std::fabs(x));
        else if constexpr (std::is_signed_v<F> || std::is_same_v<F, Int128>) out->values<T>()[i] = x < 0 ? T(T(0) - T(x)) : T(x);
        else out->values<T>()[i] = T(x);
      }
    });
  });
  return out;
}

// ---- Comparison ------------------------------------------------------------------------------------
enum class Cmp { Eq, Ne, Lt, Gt, Le, Ge };

inline bool cmpResult(Cmp c, int r) {
  switch (c) {
    case Cmp::Eq: return r == 0;
    case Cmp::Ne: return r != 0;
    case Cmp::Lt: return r < 0;
    case Cmp::Gt: return r > 0;
    case Cmp::Le: return r <= 0;
    case Cmp::Ge: return r >= 0;
  }
  return false;
}

template <class T>
void compareTyped(Cmp c, const Column& x, const Column& y, uint8_t* out, size_t rows) {
  Vals<T> vx(x), vy(y);
  switch (c) {
    case Cmp::Eq: for (size_t i = 0; i < rows; ++i) out[i] = vx[i] == vy[i]; break;
    case Cmp::Ne: for (size_t i = 0; i < rows; ++i) out[i] = vx[i] != vy[i]; break;
    case Cmp::Lt: for (size_t i = 0; i < rows; ++i) out[i] = vx[i] < vy[i]; break;
    case Cmp::Gt: for (size_t i = 0; i < rows; ++i) out[i] = vx[i] > vy[i]; break;
    case Cmp::Le: for (size_t i = 0; i < rows; ++i) out[i] = vx[i] <= vy[i]; break;
    case Cmp::Ge: for (size_t i = 0; i < rows; ++i) out[i] = vx[i] >= vy[i]; break;
  }
}

/// Time values as Int128 ticks of 10^-6 s (Date: days * 86400 s).
ColumnPtr timeTicks(const ColumnPtr& c, size_t rows) {
  const ColumnType& t = layoutType(*c->type);
  auto out = newFixed<Int128>(makeType(TypeKind::Int128), rows);
  Int128* o = out->values<Int128>();
  switch (t.kind) {
    case TypeKind::Date: { Vals<uint16_t> v(*c); for (size_t i = 0; i < rows; ++i) o[i] = Int128(v[i]) * 86400 * 1000000; break; }
    case TypeKind::Date32: { Vals<int32_t> v(*c); for (size_t i = 0; i < rows; ++i) o[i] = Int128(v[i]) * 86400 * 1000000; break; }
    case TypeKind::DateTime: { Vals<uint32_t> v(*c); for (size_t i = 0; i < rows; ++i) o[i] = Int128(v[i]) * 1000000; break; }
    default: {
      Vals<int64_t> v(*c);
      int p = int(t.precision);
      for (size_t i = 0; i < rows; ++i) o[i] = p <= 6 ? Int128(v[i]) * pow10(uint32_t(6 - p)) : Int128(v[i]) / pow10(uint32_t(p - 6));
    }
  }
  return out;
}

template <Cmp c>
ColumnPtr compare(CallArgs& a) {
  auto out = newFixed<uint8_t>(a.result, a.rows);
  uint8_t* o = out->values<uint8_t>();
  ColumnPtr x = a.cols[0], y = a.cols[1];
  TypeKind kx = a.kind(0), ky = a.kind(1);
  // A string against another type: the string is parsed as that type.
  if (isStringKind(kx) && !isStringKind(ky)) { x = castColumn(x, removeLowCardinality(y->type)); kx = ky; }
  else if (isStringKind(ky) && !isStringKind(kx)) { y = castColumn(y, removeLowCardinality(x->type)); ky = kx; }
  if (isStringKind(kx) && isStringKind(ky)) {
    for (size_t i = 0; i < a.rows; ++i) o[i] = cmpResult(c, x->stringAt(i).compare(y->stringAt(i)));
    return out;
  }
  bool tx = isDateKind(kx), ty = isDateKind(ky);
  if (tx && ty && kx != ky) {
    auto ax = timeTicks(x, a.rows), ay = timeTicks(y, a.rows);
    compareTyped<Int128>(c, *ax, *ay, o, a.rows);
    return out;
  }
  if (kx == ky && (tx || kx == TypeKind::Enum8 || kx == TypeKind::Enum16 || kx == TypeKind::IPv4) &&
      layoutType(*x->type).precision == layoutType(*y->type).precision) {
    dispatchFixed(kx, [&](auto tag) { compareTyped<typename decltype(tag)::type>(c, *x, *y, o, a.rows); });
    return out;
  }
  if (tx && isNativeNumber(ky)) { x = castColumn(x, typeInt64()); kx = TypeKind::Int64; }
  if (ty && isNativeNumber(kx)) { y = castColumn(y, typeInt64()); ky = TypeKind::Int64; }
  if ((kx == TypeKind::Enum8 || kx == TypeKind::Enum16) && isNativeNumber(ky)) { x = castColumn(x, typeInt64()); kx = TypeKind::Int64; }
  if ((ky == TypeKind::Enum8 || ky == TypeKind::Enum16) && isNativeNumber(kx)) { y = castColumn(y, typeInt64()); ky = TypeKind::Int64; }
  if (isDecimalKind(kx) || isDecimalKind(ky)) {
    if (isFloatKind(kx) || isFloatKind(ky)) {
      auto fx = castColumn(x, typeFloat64()), fy = castColumn(y, typeFloat64());
      compareTyped<double>(c, *fx, *fy, o, a.rows);
      return out;
    }
    uint32_t s = std::max(isDecimalKind(kx) ? layoutType(*x->type).scale : 0u, isDecimalKind(ky) ? layoutType(*y->type).scale : 0u);
    auto dt = std::make_shared<ColumnType>();
    dt->kind = TypeKind::Decimal128;
    dt->precision = 38;
    dt->scale = s;
    dt->name = "Decimal(38, " + std::to_string(s) + ")";
    auto dx = castColumn(x, dt), dy = castColumn(y, dt);
    compareTyped<Int128>(c, *dx, *dy, o, a.rows);
    return out;
  }
  if (isNativeNumber(kx) && isNativeNumber(ky)) {
    if (isFloatKind(kx) || isFloatKind(ky)) {
      auto fx = castColumn(x, typeFloat64()), fy = castColumn(y, typeFloat64());
      compareTyped<double>(c, *fx, *fy, o, a.rows);
    } else if (isUnsignedKind(kx) && isUnsignedKind(ky)) {
      auto fx = castColumn(x, typeUInt64()), fy = castColumn(y, typeUInt64());
      compareTyped<uint64_t>(c, *fx, *fy, o, a.rows);
    } else if (kx == TypeKind::UInt64 || ky == TypeKind::UInt64) {
      auto t = makeType(TypeKind::Int128);
      auto fx = castColumn(x, t), fy = castColumn(y, t);
      compareTyped<Int128>(c, *fx, *fy, o, a.rows);
    } else {
      auto fx = castColumn(x, typeInt64()), fy = castColumn(y, typeInt64());
      compareTyped<int64_t>(c, *fx, *fy, o, a.rows);
    }
    return out;
  }
  // Anything else: same type (after conversion of the right side), generic comparison.
  if (typeName(layoutType(*x->type)) != typeName(layoutType(*y->type))) y = castColumn(y, x->type);
  for (size_t i = 0; i < a.rows; ++i) o[i] = cmpResult(c, compareAt(*x, i, *y, i));
  return out;
}

// ---- Rounding --------------------------------------------------------------------------------------
enum class RoundMode { Round, Floor, Ceil, Trunc, Bankers };

double roundTo(double v, RoundMode m, int64_t digits) {
  double scale = std::pow(10.0, double(digits));
  double x = digits >= 0 ? v * scale : v / std::pow(10.0, double(-digits));
  double r;
  switch (m) {
    case RoundMode::Round: r = std::nearbyint(x); break;  // ClickHouse rounds floats half to even
    case RoundMode::Bankers: r = std::nearbyint(x); break;
    case RoundMode::Floor: r = std::floor(x); break;
    case RoundMode::Ceil: r = std::ceil(x); break;
    default: r = std::trunc(x); break;
  }
  return digits >= 0 ? r / scale : r * std::pow(10.0, double(-digits));
}

template <RoundMode m>
ColumnPtr rounding(CallArgs& a) {
  int64_t digits = a.cols.size() > 1 ? a.constInt(1) : 0;
  const ColumnType& rt = layoutType(*a.result);
  TypeKind k = a.kind(0);
  if (isFloatKind(k)) {
    auto x = castColumn(a.cols[0], typeFloat64());
    Vals<double> v(*x);
    ColumnPtr out;
    dispatchFixed(rt.kind, [&](auto tag) {
      using T = typename decltype(tag)::type;
      out = newFixed<T>(a.result, a.rows);
      for (size_t i = 0; i < a.rows; ++i) {
        double r = roundTo(v[i], m, digits);
        if constexpr (std::is_same_v<T, float>) {
          // Float32 rounding is done in Float32 precision.
          out->values<T>()[i] = T(r);
        } else {
          out->values<T>()[i] = T(r);
        }
      }
    });
    return out;
  }
  if (isDecimalKind(k)) {
    const ColumnType& t = a.type(0);
    ColumnPtr out;
    dispatchFixed(k, [&](auto tag) {
      using T = typename decltype(tag)::type;
      out = newFixed<T>(a.result, a.rows);
      Vals<T> v(*a.cols[0]);
      int64_t drop = int64_t(t.scale) - digits;
      for (size_t i = 0; i < a.rows; ++i) {
        Int128 x = Int128(v[i]);
        if (drop > 0) {
          Int128 p = pow10(uint32_t(drop));
          Int128 q = x / p, rem = x % p;
          if (m == RoundMode::Round) {
            if (rem * 2 >= p) ++q;
            else if (rem * 2 <= -p) --q;
          } else if (m == RoundMode::Bankers) {
            Int128 twice = rem * 2;
            if (twice > p || (twice == p && (q % 2 != 0))) ++q;
            else if (twice < -p || (twice == -p && (q % 2 != 0))) --q;
          } else if (m == RoundMode::Floor) {
            if (rem < 0) --q;
          } else if (m == RoundMode::Ceil) {
            if (rem > 0) ++q;
          }
          x = q * p;
        }
        out->values<T>()[i] = T(x);
      }
    });
    return out;
  }
  // Integers: only negative digits change the value.
  auto x = castColumn(a.cols[0], a.result);
  if (digits >= 0) return x;
  ColumnPtr out;
  dispatchFixed(rt.kind, [&](auto tag) {
    using T = typename decltype(tag)::type;
    out = newFixed<T>(a.result, a.rows);
    Vals<T> v(*x);
    Int128 p = pow10(uint32_t(-digits));
    for (size_t i = 0; i < a.rows; ++i) {
      Int128 val = Int128(v[i]);
      Int128 q = val / p, rem = val % p;
      if (m == RoundMode::Round || m == RoundMode::Bankers) {
        if (rem * 2 >= p) ++q;
        else if (rem * 2 <= -p) --q;
      } else if (m == RoundMode::Floor && rem < 0) --q;
      else if (m == RoundMode::Ceil && rem > 0) ++q;
      out->values<T>()[i] = T(q * p);
    }
  });
  return out;
}

template <bool greatest>
ColumnPtr extremum(CallArgs& a) {
  // Each argument converted to the result type, then a typed running max/min.
  std::vector<ColumnPtr> cols;
  for (auto& c : a.cols) cols.push_back(toType(c, a.result));
  TypeKind k = layoutKind(*a.result);
  if (isStringKind(k)) {
    auto out = newString(a.result, a.rows);
    for (size_t i = 0; i < a.rows; ++i) {
      std::string_view best = cols[0]->stringAt(i);
      for (size_t j = 1; j < cols.size(); ++j) {
        auto s = cols[j]->stringAt(i);
        if (greatest ? s > best : s < best) best = s;
      }
      pushString(*out, best);
    }
    return out;
  }
  ColumnPtr out;
  bool ok = dispatchFixed(k, [&](auto tag) {
    using T = typename decltype(tag)::type;
    out = newFixed<T>(a.result, a.rows);
    T* o = out->values<T>();
    Vals<T> first(*cols[0]);
    for (size_t i = 0; i < a.rows; ++i) o[i] = first[i];
    for (size_t j = 1; j < cols.size(); ++j) {
      Vals<T> v(*cols[j]);
      for (size_t i = 0; i < a.rows; ++i) o[i] = greatest ? (v[i] > o[i] ? v[i] : o[i]) : (v[i] < o[i] ? v[i] : o[i]);
    }
  });
  if (!ok) {
    auto res = makeColumn(a.result);
    for (size_t i = 0; i < a.rows; ++i) {
      size_t best = 0;
      for (size_t j = 1; j < cols.size(); ++j) {
        int c = compareAt(*cols[j], i, *cols[best], i);
        if (greatest ? c > 0 : c < 0) best = j;
      }
      appendFrom(*res, *cols[best], cols[best]->is_const ? 0 : i);
    }
    return res;
  }
  return out;
}

template <double (*F)(double)>
ColumnPtr mathUnary(CallArgs& a) {
  auto x = castColumn(a.cols[0], typeFloat64());
  auto out = newFixed<double>(a.result, a.rows);
  Vals<double> v(*x);
  for (size_t i = 0; i < a.rows; ++i) out->values<double>()[i] = F(v[i]);
  return castColumn(out, a.result);
}


ColumnPtr powFn(CallArgs& a) {
  auto x = castColumn(a.cols[0], typeFloat64()), y = castColumn(a.cols[1], typeFloat64());
  auto out = newFixed<double>(typeFloat64(), a.rows);
  Vals<double> vx(*x), vy(*y);
  for (size_t i = 0; i < a.rows; ++i) out->values<double>()[i] = std::pow(vx[i], vy[i]);
  return castColumn(out, a.result);
}

double signD(double x) { return x > 0 ? 1 : x < 0 ? -1 : 0; }
double log2D(double x) { return std::log2(x); }
double log10D(double x) { return std::log10(x); }
double lnD(double x) { return std::log(x); }
double expD(double x) { return std::exp(x); }
double sqrtD(double x) { return std::sqrt(x); }
double cbrtD(double x) { return std::cbrt(x); }
double sinD(double x) { return std::sin(x); }
double cosD(double x) { return std::cos(x); }
double tanD(double x) { return std::tan(x); }
double exp2D(double x) { return std::exp2(x); }
double exp10D(double x) { return std::pow(10.0, x); }

}  // namespace

void registerArithmeticFunctions(FunctionRegistry& r) {
  r.add("plus", arithmetic<Op::Plus>);
  r.add("minus", arithmetic<Op::Minus>);
  r.add("multiply", arithmetic<Op::Multiply>);
  r.add("divide", arithmetic<Op::Divide>);
  r.add("intDiv", arithmetic<Op::IntDiv>);
  r.add("intDivOrZero", arithmetic<Op::IntDivOrZero>);
  r.add("modulo", arithmetic<Op::Modulo>);
  r.add("moduloOrZero", arithmetic<Op::ModuloOrZero>);
  r.alias("mod", "modulo");
  r.add("negate", negateFn);
  r.add("abs", absFn);
  r.add("equals", compare<Cmp::Eq>);
  r.add("notEquals", compare<Cmp::Ne>);
  r.add("less", compare<Cmp::Lt>);
  r.add("greater", compare<Cmp::Gt>);
  r.add("lessOrEquals", compare<Cmp::Le>);
  r.add("greaterOrEquals", compare<Cmp::Ge>);
  r.add("round", rounding<RoundMode::Round>);
  r.add("roundBankers", rounding<RoundMode::Bankers>);
  r.add("floor", rounding<RoundMode::Floor>);
  r.add("ceil", rounding<RoundMode::Ceil>);
  r.alias("ceiling", "ceil");
  r.add("trunc", rounding<RoundMode::Trunc>);
  r.alias("truncate", "trunc");
  r.add("greatest", extremum<true>);
  r.add("least", extremum<false>);
  r.add("sqrt", mathUnary<sqrtD>);
  r.add("cbrt", mathUnary<cbrtD>);
  r.add("exp", mathUnary<expD>);
  r.add("exp2", mathUnary<exp2D>);
  r.add("exp10", mathUnary<exp10D>);
  r.add("log", mathUnary<lnD>);
  r.alias("ln", "log");
  r.add("log2", mathUnary<log2D>);
  r.add("log10", mathUnary<log10D>);
  r.add("sin", mathUnary<sinD>);
  r.add("cos", mathUnary<cosD>);
  r.add("tan", mathUnary<tanD>);
  r.add("sign", mathUnary<signD>);
  r.add("pow", powFn);
  r.alias("power", "pow");
}

}  // namespace ferry::rt::exec
