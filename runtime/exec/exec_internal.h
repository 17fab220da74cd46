/// Internals of the interpreter shared by its files: typed access to column memory, type
/// dispatch, the evaluation context, the scalar function registry and row-key serialization.
/// Kernels are templates over the value type; dispatch on the type happens once per column,
/// never per row.
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/column/column.h"
#include "runtime/column/time_zone.h"
#include "runtime/exec/executor.h"

namespace ferry::rt::exec {

using Int128 = __int128;
using UInt128 = unsigned __int128;

template <class T> struct Tag { using type = T; };

/// Reads fixed-width values of a full or constant column (step 0 for constants).
template <class T>
struct Vals {
  const T* p;
  size_t step;
  explicit Vals(const Column& c) : p(c.values<T>()), step(c.is_const ? 0 : 1) {}
  T operator[](size_t i) const { return p[i * step]; }
};

/// The layout kind of a type (LowCardinality removed).
inline TypeKind layoutKind(const ColumnType& t) { return layoutType(t).kind; }
inline bool isIntegerKind(TypeKind k) {
  return (k >= TypeKind::UInt8 && k <= TypeKind::UInt64) || (k >= TypeKind::Int8 && k <= TypeKind::Int64) ||
         k == TypeKind::Bool;
}
inline bool isUnsignedKind(TypeKind k) {
  return (k >= TypeKind::UInt8 && k <= TypeKind::UInt256) || k == TypeKind::Bool;
}
inline bool isFloatKind(TypeKind k) { return k == TypeKind::Float32 || k == TypeKind::Float64; }
inline bool isDecimalKind(TypeKind k) { return k >= TypeKind::Decimal32 && k <= TypeKind::Decimal256; }
inline bool isDateKind(TypeKind k) {
  return k == TypeKind::Date || k == TypeKind::Date32 || k == TypeKind::DateTime || k == TypeKind::DateTime64;
}
inline bool isStringKind(TypeKind k) { return k == TypeKind::String || k == TypeKind::FixedString; }
/// Plain numbers (ints, floats, Bool) that kernels handle natively.
inline bool isNativeNumber(TypeKind k) { return isIntegerKind(k) || isFloatKind(k); }

/// Calls f(Tag<T>) with the storage type of a fixed-width scalar kind (numbers, dates, enums,
/// IPv4, Decimal32/64). Returns false when the kind has no such native type.
template <class F>
bool dispatchFixed(TypeKind k, F&& f) {
  switch (k) {
    case TypeKind::UInt8: case TypeKind::Bool: f(Tag<uint8_t>{}); return true;
    case TypeKind::UInt16: case TypeKind::Date: f(Tag<uint16_t>{}); return true;
    case TypeKind::UInt32: case TypeKind::DateTime: case TypeKind::IPv4: f(Tag<uint32_t>{}); return true;
    case TypeKind::UInt64: f(Tag<uint64_t>{}); return true;
    case TypeKind::Int8: case TypeKind::Enum8: f(Tag<int8_t>{}); return true;
    case TypeKind::Int16: case TypeKind::Enum16: f(Tag<int16_t>{}); return true;
    case TypeKind::Int32: case TypeKind::Date32: case TypeKind::Decimal32: f(Tag<int32_t>{}); return true;
    case TypeKind::Int64: case TypeKind::DateTime64: case TypeKind::Decimal64: case TypeKind::Interval:
      f(Tag<int64_t>{}); return true;
    case TypeKind::Float32: f(Tag<float>{}); return true;
    case TypeKind::Float64: f(Tag<double>{}); return true;
    case TypeKind::Int128: case TypeKind::Decimal128: f(Tag<Int128>{}); return true;
    case TypeKind::UInt128: f(Tag<UInt128>{}); return true;
    default: return false;
  }
}

/// A new full column of `rows` fixed-width values (uninitialized zeros).
template <class T>
ColumnPtr newFixed(ColumnTypePtr type, size_t rows) {
  auto c = std::make_shared<Column>();
  c->type = std::move(type);
  c->rows = rows;
  c->data.resize(rows * sizeof(T));
  return c;
}
/// A new empty String column to be filled with `pushString`.
ColumnPtr newString(ColumnTypePtr type, size_t reserve_rows = 0);
inline void pushString(Column& c, std::string_view s) {
  c.data.insert(c.data.end(), s.begin(), s.end());
  c.offsets.push_back(c.data.size());
  ++c.rows;
}

/// Shared types.
const ColumnTypePtr& typeUInt8();
const ColumnTypePtr& typeUInt64();
const ColumnTypePtr& typeInt64();
const ColumnTypePtr& typeFloat64();
const ColumnTypePtr& typeString();
ColumnTypePtr removeNullable(const ColumnTypePtr& t);  ///< also LowCardinality(Nullable(T)) -> T
ColumnTypePtr removeLowCardinality(const ColumnTypePtr& t);

/// The nested values of a Nullable column (a constant stays constant); the column itself otherwise.
ColumnPtr nestedOf(const ColumnPtr& c);
/// Wraps `nested` in Nullable(type) with `nulls` (empty: no NULLs).
ColumnPtr wrapNullable(ColumnPtr nested, std::vector<uint8_t> nulls, ColumnTypePtr nullable_type = nullptr);
/// A copy of `c` holding its single value with rows = 1, not const.
ColumnPtr firstRow(const ColumnPtr& c);
/// `c` as a constant column of `rows` rows (c has >= 1 row).
ColumnPtr asConst(const ColumnPtr& c, size_t rows);
/// A same-layout column relabelled with `type` (LowCardinality/Nullable-free equivalents).
ColumnPtr relabel(const ColumnPtr& c, const ColumnTypePtr& type);
/// Concatenation of blocks with the same columns.
Block concatBlocks(std::vector<Block>& blocks, const std::vector<OutputColumn>& output);
/// A block of the rows `indices` of `b`.
Block gatherBlock(const Block& b, const std::vector<uint32_t>& indices);
/// Booleans (UInt8/Bool/Nullable, NULL false, const ok) -> mask of `rows` bytes.
std::vector<uint8_t> toMask(const Column& c, size_t rows);

/// Conversion of a column to a type with ClickHouse's CAST semantics (`accurate` false: wrap
/// around on integer overflow, as toInt8 etc. do). `mode` selects the OrNull/OrZero variants.
enum class CastMode : uint8_t { Throw, OrNull, OrZero };
ColumnPtr castColumn(const ColumnPtr& c, const ColumnTypePtr& to, CastMode mode = CastMode::Throw);

/// Appends a canonical byte form of row `row` (equal values -> equal bytes, types equal).
void serializeKey(const Column& c, size_t row, std::string& out);
/// Appends the key bytes of every row of `cols` into `keys` (one string per row).
void serializeKeys(const std::vector<ColumnPtr>& cols, size_t rows, std::vector<std::string>& keys);

// ---- Evaluation ------------------------------------------------------------------------------------
struct QueryState;  ///< per-execution caches (subquery results)

struct EvalContext {
  const Block* input = nullptr;
  const ExecOptions* options = nullptr;
  const TableProvider* tables = nullptr;
  QueryState* query = nullptr;
  /// Lambda parameter columns, innermost last (each: one column per parameter, `lambda_rows` rows).
  std::vector<const std::vector<ColumnPtr>*> lambda_params;
  size_t rows = 0;  ///< rows of the current evaluation (input rows, or elements inside lambdas)
};

ColumnPtr evalExpr(const Expr& e, EvalContext& ctx);
/// Runs a subplan to one block (subqueries).
Block runSubplan(const PlanNode& plan, EvalContext& ctx);
int64_t nowSeconds(const EvalContext& ctx);

struct CallArgs {
  const Expr& call;
  std::vector<ColumnPtr> cols;  ///< evaluated args (null for Lambda args)
  ColumnTypePtr result;         ///< result type (Nullable stripped under default NULL handling)
  size_t rows;
  EvalContext& ctx;
  const ColumnType& type(size_t i) const { return layoutType(*cols[i]->type); }
  TypeKind kind(size_t i) const { return layoutKind(*cols[i]->type); }
  bool isConst(size_t i) const { return cols[i]->is_const; }
  /// The constant string value of arg i (throws ILLEGAL_COLUMN when not const).
  std::string constString(size_t i) const;
  int64_t constInt(size_t i) const;
};

using ScalarImpl = ColumnPtr (*)(CallArgs& a);
struct ScalarFunction {
  ScalarImpl impl = nullptr;
  bool default_nulls = true;  ///< NULL in any argument -> NULL, computed over nested values
  bool deterministic = true;  ///< all-const arguments -> computed once
  bool lambda = false;        ///< has Lambda arguments (not evaluated as columns)
};

class FunctionRegistry {
 public:
  void add(std::string name, ScalarImpl impl, bool default_nulls = true, bool deterministic = true,
           bool lambda = false) {
    fns_[std::move(name)] = ScalarFunction{impl, default_nulls, deterministic, lambda};
  }
  void alias(const std::string& name, const std::string& to) { fns_[name] = fns_.at(to); }
  const ScalarFunction* find(std::string_view name) const;

 private:
  std::map<std::string, ScalarFunction, std::less<>> fns_;
  std::map<std::string, ScalarFunction, std::less<>> lower_;
  friend const FunctionRegistry& registry();
};
const FunctionRegistry& registry();

void registerArithmeticFunctions(FunctionRegistry& r);
void registerLogicFunctions(FunctionRegistry& r);
void registerStringFunctions(FunctionRegistry& r);
void registerDateFunctions(FunctionRegistry& r);
void registerConversionFunctions(FunctionRegistry& r);
void registerArrayFunctions(FunctionRegistry& r);
void registerJsonFunctions(FunctionRegistry& r);
void registerMiscFunctions(FunctionRegistry& r);

[[noreturn]] void fail(const std::string& code, const std::string& message);

// ---- Calendar (UTC) --------------------------------------------------------------------------------
inline int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
/// Seconds since epoch of a time-like value (Date days, DateTime s, DateTime64 ticks -> floor s).
/// Converts a whole column to Int64 seconds (and sub-second ticks for DateTime64 when asked).
std::vector<int64_t> toSeconds(const Column& c, size_t rows);
/// Days since epoch of a time-like column.
std::vector<int64_t> toDays(const Column& c, size_t rows);
/// Timezone offset (seconds east of UTC) of `tz` at UTC instant `t` (empty/UTC: 0).
int64_t tzOffset(const std::string& tz, int64_t t);
/// The timezone of a DateTime/DateTime64 type, or the constant timezone argument i when given.
std::string timezoneOf(const ColumnType& t);

}  // namespace ferry::rt::exec
