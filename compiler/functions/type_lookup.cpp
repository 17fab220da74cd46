#include "compiler/functions/type_lookup.h"

#include "compiler/types/supertype.h"
#include "compiler/types/type_parser.h"

namespace ferry::functions {

types::TypePtr typeFromName(std::string_view text) { return types::parseTypeName(text).type; }

types::TypePtr commonSupertype(std::span<const types::TypePtr> list, std::string* error,
                               bool remove_low_cardinality) {
  types::SupertypeOptions options;
  options.remove_low_cardinality = remove_low_cardinality;
  types::SupertypeResult r = types::tryLeastSupertype(list, options);
  if (!r.ok() && error) *error = r.message;
  return r.type;
}

}  // namespace ferry::functions
