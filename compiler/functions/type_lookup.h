/// The two services of the type library the rules lean on, in one place: reading a type name
/// and the least supertype (what `if`, `coalesce`, arrays use).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "compiler/types/data_type.h"

namespace ferry::functions {

/// The type named by `text` (`Nullable(UInt8)`, `DateTime('UTC')`); nullptr when it is not one.
types::TypePtr typeFromName(std::string_view text);

/// The least supertype of `types` under 26.7 defaults (a Variant where there is no common
/// type); nullptr with `error` set when there is none even so. `remove_low_cardinality`: as
/// `if` / `multiIf` do, LowCardinality is dropped (recursively) first.
types::TypePtr commonSupertype(std::span<const types::TypePtr> types, std::string* error = nullptr,
                               bool remove_low_cardinality = false);

}  // namespace ferry::functions
