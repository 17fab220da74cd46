/// `file://` URIs and paths, as LSP clients write them (RFC 8089 / RFC 3986): percent-encoded
/// bytes, `file:///abs/path`. Only `file` URIs name datafiles; other schemes (untitled:, git:)
/// are documents the server does not analyze.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::lsp {

/// The absolute, lexically normal path of a `file:` URI; nullopt for other schemes or bad escapes.
std::optional<std::filesystem::path> pathFromUri(std::string_view uri);
/// `file:///...` with every byte outside the unreserved set and `/` percent-encoded.
std::string uriFromPath(const std::filesystem::path& path);

}  // namespace ferry::lsp
