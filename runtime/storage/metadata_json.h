/// JSON forms of what manifests and part.json files hold: values (Field), table specs, parts.
/// Every form round-trips exactly (binary strings, NaN, 64-bit integers included).
#pragma once

#include <nlohmann/json.hpp>

#include "runtime/column/field.h"
#include "runtime/storage/store.h"
#include "runtime/storage/table_spec.h"

namespace ferry::rt::storage {

nlohmann::json fieldToJson(const Field& field);
Field fieldFromJson(const nlohmann::json& json);  ///< throws std::runtime_error

nlohmann::json tableSpecToJson(const TableSpec& spec);
TableSpec tableSpecFromJson(const nlohmann::json& json);

nlohmann::json partToJson(const PartInfo& part);
PartInfo partFromJson(const nlohmann::json& json);

const char* engineKindName(EngineKind kind);

}  // namespace ferry::rt::storage
