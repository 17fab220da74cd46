-- Headless Neovim 0.7 client test of `ferry lsp` on tests/lsp/projects/shop (run by
-- run_nvim_test.sh, which sets the environment, wraps nvim in `timeout 60` and checks the JSON).
--
--   LSP_SERVER_CMD       the ferry binary (the server is `<it> lsp`)
--   LSP_PROJECT          the project folder (a copy of tests/lsp/projects/shop)
--   LSP_TEST_OUT         where to write the JSON result
--   LSP_TEST_TIMEOUT_MS  per-step timeout (default 10000)
--
-- Only Neovim 0.7 APIs: vim.lsp.start_client + buf_attach_client (didOpen after the handshake),
-- vim.diagnostic fed by the built-in publishDiagnostics handler, buf_request_sync, the client's
-- own position conversion (make_position_params, jump_to_location; Neovim 0.7 speaks utf-16),
-- stop_client (shutdown + exit). The JSON is written whatever happens, then `qall!` when every
-- check passed and `cquit 1` otherwise.

local server = os.getenv('LSP_SERVER_CMD')
local project = os.getenv('LSP_PROJECT')
local out_path = os.getenv('LSP_TEST_OUT') or 'nvim_result.json'
local timeout = tonumber(os.getenv('LSP_TEST_TIMEOUT_MS') or '10000')

local results = { checks = {}, passed = 0, failed = 0, nvim = tostring(vim.version and vim.version().minor or '?') }

local function record(name, ok, detail)
  table.insert(results.checks, { name = name, ok = ok and true or false, detail = detail })
  if ok then
    results.passed = results.passed + 1
  else
    results.failed = results.failed + 1
  end
end

local function check(name, ok, detail)
  record(name, ok, (not ok) and detail or nil)
  return ok
end

local function inspect(v)
  return vim.inspect(v, { newline = ' ', indent = '' })
end

local function ends_with(s, suffix)
  return type(s) == 'string' and s:sub(-#suffix) == suffix
end

-- The buffer line (1-based row) and the 0-based byte column of the n-th `needle` on the first
-- line that contains `line_marker`.
local function find_in_buffer(bufnr, line_marker, needle, nth)
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  for i, line in ipairs(lines) do
    if line:find(line_marker, 1, true) then
      local init = 1
      local s
      for _ = 1, (nth or 1) do
        s = line:find(needle, init, true)
        if not s then
          error(('%q not found on line %d: %s'):format(needle, i, line))
        end
        init = s + 1
      end
      return i, s - 1, line
    end
  end
  error(('no line contains %q'):format(line_marker))
end

local publishes = {} -- uri -> list of publishDiagnostics params, in arrival order
local exit_code, exit_signal
local client_id

local function open(rel)
  vim.cmd('edit ' .. vim.fn.fnameescape(project .. '/' .. rel))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'tinybird'
  vim.lsp.buf_attach_client(bufnr, client_id)
  return bufnr
end

local function wait_publish(uri)
  return vim.wait(timeout, function()
    return (publishes[uri] ~= nil and #publishes[uri] > 0) or exit_code ~= nil
  end, 20) and publishes[uri] ~= nil
end

-- Put the cursor on (row, byte col) of the buffer in the current window and build the request
-- params exactly as `K` / `gd` would (the client's encoding, utf-16 in Neovim 0.7).
local function position_params_at(bufnr, row, col)
  vim.api.nvim_set_current_buf(bufnr)
  vim.api.nvim_win_set_cursor(0, { row, col })
  return vim.lsp.util.make_position_params()
end

local function request(bufnr, method, params)
  if exit_code ~= nil then
    return nil, ('the server exited (code %s, signal %s)'):format(tostring(exit_code), tostring(exit_signal))
  end
  local answers, err = vim.lsp.buf_request_sync(bufnr, method, params, timeout)
  if not answers then
    return nil, 'no answer within ' .. timeout .. ' ms: ' .. tostring(err)
  end
  local answer = answers[client_id]
  if not answer then
    return nil, 'no answer from the ferry client: ' .. inspect(answers)
  end
  if answer.err or answer.error then
    return nil, 'error: ' .. inspect(answer.err or answer.error)
  end
  return answer.result, nil
end

local function hover_text(result)
  if type(result) ~= 'table' then
    return nil
  end
  local c = result.contents
  if type(c) == 'string' then
    return c
  end
  if type(c) == 'table' and c.value then
    return c.value
  end
  if type(c) == 'table' then
    local parts = {}
    for _, item in ipairs(c) do
      table.insert(parts, type(item) == 'string' and item or item.value)
    end
    return table.concat(parts, '\n')
  end
  return nil
end

local function first_location(result)
  if type(result) ~= 'table' then
    return nil
  end
  if result.uri or result.targetUri then
    return result
  end
  return result[1]
end

local function run()
  assert(server and server ~= '', 'LSP_SERVER_CMD is not set')
  assert(project and project ~= '', 'LSP_PROJECT is not set')
  results.server = server
  results.project = project

  client_id = vim.lsp.start_client({
    name = 'ferry',
    cmd = { server, 'lsp' },
    root_dir = project,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        if result and result.uri then
          publishes[result.uri] = publishes[result.uri] or {}
          table.insert(publishes[result.uri], result)
        end
        return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
      end,
    },
    on_exit = function(code, signal)
      exit_code, exit_signal = code, signal
    end,
  })
  assert(client_id, 'vim.lsp.start_client failed')

  -- (a) diagnostics of broken.pipe: one SEM_UNKNOWN_COLUMN on `custmer_id`, which comes after
  -- a string literal holding a non-BMP character (📦) and a two-byte one (ç) on the same line.
  local broken = open('endpoints/broken.pipe')
  local got = vim.wait(timeout, function()
    return #vim.diagnostic.get(broken) > 0 or exit_code ~= nil
  end, 20) and #vim.diagnostic.get(broken) > 0
  local client = vim.lsp.get_client_by_id(client_id)
  results.offset_encoding = client and client.offset_encoding
  results.server_capabilities = client and (client.server_capabilities or client.resolved_capabilities) and
    { positionEncoding = client.server_capabilities and client.server_capabilities.positionEncoding }
  if check('diagnostics: broken.pipe gets diagnostics', got, 'no diagnostics within ' .. timeout .. ' ms') then
    local diags = vim.diagnostic.get(broken)
    results.diagnostics = diags
    local row, col, line = find_in_buffer(broken, 'custmer_id', 'custmer_id')
    local d = diags[1]
    check('diagnostics: exactly one', #diags == 1, inspect(diags))
    check('diagnostics: code SEM_UNKNOWN_COLUMN', d.code == 'SEM_UNKNOWN_COLUMN', 'code = ' .. inspect(d.code))
    check('diagnostics: severity error', d.severity == vim.diagnostic.severity.ERROR, 'severity = ' .. inspect(d.severity))
    check('diagnostics: source ferry', d.source == 'ferry', 'source = ' .. inspect(d.source))
    check('diagnostics: message names the column', type(d.message) == 'string' and d.message:find('custmer_id', 1, true) ~= nil,
      'message = ' .. inspect(d.message))
    check('diagnostics: message carries the hint', type(d.message) == 'string' and d.message:find('customer_id', 1, true) ~= nil,
      'message = ' .. inspect(d.message))
    -- vim.diagnostic holds byte columns, converted from the server's utf-16 characters.
    check('diagnostics: line', d.lnum == row - 1, ('lnum = %s, expected %d'):format(inspect(d.lnum), row - 1))
    check('diagnostics: byte column after the emoji', d.col == col,
      ('col = %s, expected byte %d on %q'):format(inspect(d.col), col, line))
    check('diagnostics: end byte column', d.end_col == col + #'custmer_id',
      ('end_col = %s, expected %d'):format(inspect(d.end_col), col + #'custmer_id'))
    -- the raw publish (vim.diagnostic keeps no LSP range): utf-16 characters on the wire
    local raw_pubs = publishes[vim.uri_from_bufnr(broken)] or {}
    local raw = raw_pubs[#raw_pubs] and raw_pubs[#raw_pubs].diagnostics[1]
    local _, utf16 = vim.str_utfindex(line, col)
    check('diagnostics: utf-16 character on the wire', raw and raw.range and raw.range.start.character == utf16 and utf16 ~= col,
      ('range = %s, expected character %d (byte %d)'):format(inspect(raw and raw.range), utf16, col))
    local pubs = publishes[vim.uri_from_bufnr(broken)] or {}
    local last = pubs[#pubs]
    check('diagnostics: publish carries the document version', last and last.version == vim.lsp.util.buf_versions[broken],
      ('version = %s, buffer version %s'):format(inspect(last and last.version), inspect(vim.lsp.util.buf_versions[broken])))
  end

  -- A clean pipe: its first publish is an empty list.
  local top = open('endpoints/top_customers.pipe')
  local top_uri = vim.uri_from_bufnr(top)
  if check('diagnostics: top_customers.pipe published', wait_publish(top_uri), 'no publishDiagnostics within ' .. timeout .. ' ms') then
    local last = publishes[top_uri][#publishes[top_uri]]
    check('diagnostics: top_customers.pipe has none', #last.diagnostics == 0, inspect(last.diagnostics))
  end

  -- (b) hover over a column reference in a pipe: `amount` in node paid_orders.
  local row, col = find_in_buffer(top, 'SELECT customer_id, amount', 'amount')
  local result, err = request(top, 'textDocument/hover', position_params_at(top, row, col))
  local text = hover_text(result)
  results.hover_column = result or err
  check('hover: column reference shows its type', text and text:find('amount Float64', 1, true) ~= nil,
    'hover = ' .. inspect(result or err))

  -- hover over the datasource name in FROM: the datasource schema, from another file.
  row, col = find_in_buffer(top, 'FROM orders', 'orders')
  result, err = request(top, 'textDocument/hover', position_params_at(top, row, col + 2))
  text = hover_text(result)
  results.hover_datasource = result or err
  local schema_ok = text ~= nil and text:find('datasource orders', 1, true) ~= nil
  for _, col_type in ipairs({ { 'order_id', 'String' }, { 'customer_id', 'String' }, { 'country', 'LowCardinality%(String%)' },
    { 'amount', 'Float64' }, { 'items', 'UInt32' }, { 'status', 'LowCardinality%(String%)' }, { 'created_at', 'DateTime' } }) do
    schema_ok = schema_ok and text:find('%f[%w_]' .. col_type[1] .. '%s+' .. col_type[2]) ~= nil
  end
  check('hover: datasource name in FROM shows its schema (cross-file)', schema_ok, 'hover = ' .. inspect(result or err))

  -- (c) definition: datasource name -> orders.datasource; column -> its SCHEMA line.
  row, col = find_in_buffer(top, 'FROM orders', 'orders')
  result, err = request(top, 'textDocument/definition', position_params_at(top, row, col + 1))
  results.definition_datasource = result or err
  local loc = first_location(result)
  if check('definition: datasource name -> orders.datasource', loc and ends_with(loc.uri or loc.targetUri, '/datasources/orders.datasource'),
    'definition = ' .. inspect(result or err)) then
    vim.lsp.util.jump_to_location(loc, client.offset_encoding)
    check('definition: the editor jumped to orders.datasource', ends_with(vim.api.nvim_buf_get_name(0), '/datasources/orders.datasource'),
      'current buffer = ' .. vim.api.nvim_buf_get_name(0))
  end

  row, col = find_in_buffer(top, 'SELECT customer_id, amount', 'amount')
  result, err = request(top, 'textDocument/definition', position_params_at(top, row, col + 3))
  results.definition_column = result or err
  loc = first_location(result)
  if check('definition: column -> orders.datasource', loc and ends_with(loc.uri or loc.targetUri, '/datasources/orders.datasource'),
    'definition = ' .. inspect(result or err)) then
    vim.lsp.util.jump_to_location(loc, client.offset_encoding)
    local cursor = vim.api.nvim_win_get_cursor(0)
    local line = vim.api.nvim_buf_get_lines(0, cursor[1] - 1, cursor[1], false)[1] or ''
    check('definition: the cursor is on the SCHEMA line of `amount`', line:find('`amount` Float64', 1, true) ~= nil,
      ('cursor %s on line %q'):format(inspect(cursor), line))
  end

  -- (d) positions after a non-BMP character: `customer_id` and `amount` follow `/* 📦 émojis */`.
  row, col = find_in_buffer(top, '📦', 'customer_id')
  local params = position_params_at(top, row, col + 1)
  local line = vim.api.nvim_buf_get_lines(top, row - 1, row, false)[1]
  local _, utf16 = vim.str_utfindex(line, col + 1)
  check('utf-16: the client sent a utf-16 character', params.position.character == utf16 and utf16 ~= col + 1,
    ('position %s, byte %d, utf-16 %d'):format(inspect(params.position), col + 1, utf16))
  result, err = request(top, 'textDocument/hover', params)
  text = hover_text(result)
  results.hover_after_emoji = result or err
  check('utf-16: hover on a column after the emoji', text and text:find('customer_id String', 1, true) ~= nil,
    'hover = ' .. inspect(result or err))
  row, col = find_in_buffer(top, '📦', 'amount')
  result, err = request(top, 'textDocument/hover', position_params_at(top, row, col))
  text = hover_text(result)
  results.hover_after_emoji_2 = result or err
  check('utf-16: hover on sum(amount) after the emoji', text and text:find('amount Float64', 1, true) ~= nil,
    'hover = ' .. inspect(result or err))

  -- (e) stop_client: shutdown then exit; the server exits 0.
  vim.lsp.stop_client(client_id)
  local exited = vim.wait(timeout, function()
    return exit_code ~= nil
  end, 20)
  results.exit_code = exit_code
  results.exit_signal = exit_signal
  if check('shutdown: the server exits', exited, 'no exit within ' .. timeout .. ' ms') then
    check('shutdown: exit code 0', exit_code == 0 and (exit_signal == 0 or exit_signal == nil),
      ('code %s, signal %s'):format(inspect(exit_code), inspect(exit_signal)))
  end

  -- (f) stderr is silent at the default log level (Neovim logs server stderr at ERROR level).
  local log = vim.fn.stdpath('cache') .. '/lsp.log'
  local stderr_lines = {}
  if vim.fn.filereadable(log) == 1 then
    for _, l in ipairs(vim.fn.readfile(log)) do
      if l:find('stderr', 1, true) then
        table.insert(stderr_lines, l)
      end
    end
  end
  check('stderr: the server wrote nothing to stderr', #stderr_lines == 0, table.concat(stderr_lines, '\n'))
end

local ok, err = pcall(run)
if not ok then
  record('lua: the test ran to the end', false, tostring(err))
end
if client_id and exit_code == nil then
  pcall(vim.lsp.stop_client, client_id, true)
end

local f = io.open(out_path, 'w')
if f then
  f:write(vim.fn.json_encode(results))
  f:close()
end
for _, c in ipairs(results.checks) do
  if not c.ok then
    io.stderr:write(('FAIL %s: %s\n'):format(c.name, tostring(c.detail)))
  end
end
io.stderr:write(('nvim: %d passed, %d failed\n'):format(results.passed, results.failed))
if results.failed == 0 and results.passed > 0 then
  vim.cmd('qall!')
else
  vim.cmd('cquit 1')
end
