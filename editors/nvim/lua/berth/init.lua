-- berth for Neovim: runs "berth lsp" for Dockerfiles.
--
--   require('berth').setup()                      -- defaults
--   require('berth').setup({
--     cmd = { '/path/to/berth', 'lsp' },
--     settings = {
--       ignore = { 'DL3008' }, severity = { DL3007 = 'info' },
--       docker = { host = 'unix:///run/user/1000/docker.sock' },
--       build = { network = 'none', builder = 'buildkit', args = { V = '1' } },
--     },
--     on_attach = function(client, bufnr) ... end,
--   })
--
-- Commands: :BerthFixAll, :BerthBuild [stage], :BerthPull, :BerthPin[!].
-- The daemon's actions show their progress ($/progress) in the command
-- line, and their errors as messages.
--
-- Works with Neovim 0.7 and later (vim.lsp.start_client and
-- vim.lsp.buf_attach_client); no other plugin is needed.
local M = {}

M.config = {
  -- The command that starts the server.
  cmd = { 'berth', 'lsp' },
  -- The filetypes the server attaches to.
  filetypes = { 'dockerfile' },
  -- A document's workspace is the nearest folder up from it holding one
  -- of these; else the document's own folder.
  root_markers = { '.berth.yaml', '.berth.yml', '.hadolint.yaml', '.hadolint.yml', '.git' },
  -- berth's settings (see the README): ignore, enable, severity,
  -- shellcheck, debounceMs, configFile, and for the daemon's actions
  -- docker = { host = ... } and build = { network, builder, tag, context,
  -- args, noCache }. Sent as initializationOptions; set_settings() changes
  -- them in running servers.
  settings = {},
  -- How the progress of builds, pulls and pins is shown: 'echo' (the
  -- command line, without filling the message history), 'notify'
  -- (vim.notify), false (not at all), or a function(value, title, client)
  -- given each $/progress value ({kind = 'begin'|'report'|'end', ...})
  -- and the progress's title. Another $/progress handler (the one in
  -- vim.lsp.handlers, or handlers['$/progress'] below) still runs.
  progress = 'echo',
  -- Passed on to vim.lsp.start_client.
  on_attach = nil,
  capabilities = nil,
  handlers = nil,
}

-- client ids by workspace root
local clients = {}

local function find_root(fname)
  local dir = vim.fn.fnamemodify(fname, ':p:h')
  for _, marker in ipairs(M.config.root_markers) do
    local found = vim.fn.findfile(marker, dir .. ';')
    if found == '' then
      found = vim.fn.finddir(marker, dir .. ';')
    end
    if found ~= '' then
      return vim.fn.fnamemodify(found, ':p:h'):gsub('/%.git/?$', '')
    end
  end
  return dir
end

-- start attaches the server to a buffer (the current one by default),
-- starting it for the buffer's workspace if needed. It returns the
-- client id.
function M.start(bufnr)
  if bufnr == nil or bufnr == 0 then
    bufnr = vim.api.nvim_get_current_buf()
  end
  local fname = vim.api.nvim_buf_get_name(bufnr)
  if fname == '' then
    fname = vim.fn.getcwd() .. '/Dockerfile'
  end
  local root = find_root(fname)
  local id = clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client({
      name = 'berth',
      cmd = M.config.cmd,
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
      init_options = M.config.settings,
      capabilities = M.config.capabilities or vim.lsp.protocol.make_client_capabilities(),
      on_attach = M.config.on_attach,
      handlers = M.handlers(),
      flags = { debounce_text_changes = 50 },
    })
    if id == nil then
      vim.notify('berth: could not start ' .. table.concat(M.config.cmd, ' '), vim.log.levels.ERROR)
      return nil
    end
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

-- fix_all applies every safe fix of a buffer (source.fixAll.berth).
function M.fix_all(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = { start = { line = 0, character = 0 }, ['end'] = { line = vim.api.nvim_buf_line_count(bufnr), character = 0 } },
    context = { diagnostics = {}, only = { 'source.fixAll.berth' } },
  }
  local results = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 5000) or {}
  for id, res in pairs(results) do
    local client = vim.lsp.get_client_by_id(id)
    for _, action in ipairs(res.result or {}) do
      if action.edit then
        vim.lsp.util.apply_workspace_edit(action.edit, client and client.offset_encoding or 'utf-16')
      end
    end
  end
end

-- The daemon's actions ------------------------------------------------

-- request sends a request with the client's method call, as the Neovim in
-- use spells it (client:request from 0.11, client.request before).
local function request(client, method, params, handler, bufnr)
  if vim.fn.has('nvim-0.11') == 1 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

local function notify_client(client, method, params)
  if vim.fn.has('nvim-0.11') == 1 then
    return client:notify(method, params)
  end
  return client.notify(method, params)
end

-- berth_clients returns the running berth clients.
local function berth_clients()
  local out = {}
  for _, id in pairs(clients) do
    local client = vim.lsp.get_client_by_id(id)
    if client ~= nil then
      table.insert(out, client)
    end
  end
  return out
end

-- client_for returns the berth client of a buffer, attaching one if the
-- buffer has none; nil (with a message) when there is none.
local function client_for(bufnr)
  for _, client in ipairs(berth_clients()) do
    if vim.lsp.buf_is_attached(bufnr, client.id) then
      return client
    end
  end
  local id = M.start(bufnr)
  local client = id and vim.lsp.get_client_by_id(id)
  if client == nil then
    vim.notify('berth: no berth server for this buffer', vim.log.levels.ERROR)
  end
  return client
end

-- Progress titles by token, to name reports and ends.
local titles = {}

local function shorten(msg)
  local room = (vim.v.echospace or 0) > 0 and vim.v.echospace or (vim.o.columns - 12)
  if room > 3 and vim.fn.strdisplaywidth(msg) > room then
    msg = vim.fn.strcharpart(msg, 0, room - 3) .. '...'
  end
  return msg
end

-- show_progress shows one $/progress value as the progress option says.
local function show_progress(value, title, client)
  local how = M.config.progress
  if how == false or how == nil then
    return
  end
  if type(how) == 'function' then
    return how(value, title, client)
  end
  local text = 'berth: ' .. (title or 'working')
  if value.message and value.message ~= '' then
    text = text .. ': ' .. value.message
  elseif value.kind == 'end' then
    text = text .. ': done'
  end
  if value.percentage and value.kind ~= 'end' then
    text = text .. string.format(' (%d%%)', value.percentage)
  end
  if how == 'notify' then
    vim.notify(text, vim.log.levels.INFO)
    return
  end
  -- Multi-line messages would ask for Enter: keep the first line.
  text = shorten((text:gsub('\n.*', '')))
  vim.api.nvim_echo({ { text } }, false, {})
  vim.cmd('redraw')
end

-- progress_handler shows the server's progress, then passes it on to the
-- $/progress handler that was there before (Neovim's keeps
-- client.messages or client.progress up to date for statuslines).
local function progress_handler(err, result, ctx, config)
  if result ~= nil and type(result.value) == 'table' and result.value.kind then
    local value, key = result.value, tostring(result.token)
    if value.kind == 'begin' then
      titles[key] = value.title
    end
    local ok, perr = pcall(show_progress, value, titles[key], vim.lsp.get_client_by_id(ctx.client_id))
    if not ok then
      vim.notify('berth: showing progress: ' .. tostring(perr), vim.log.levels.WARN)
    end
    if value.kind == 'end' then
      titles[key] = nil
    end
  end
  local next = (M.config.handlers or {})['$/progress'] or vim.lsp.handlers['$/progress']
  if next ~= nil and next ~= progress_handler then
    return next(err, result, ctx, config)
  end
end

-- handlers returns the client's handlers: the user's, with $/progress
-- shown.
function M.handlers()
  local h = vim.tbl_extend('force', {}, M.config.handlers or {})
  h['$/progress'] = progress_handler
  return h
end

-- M.last is the outcome of the last action run from a command:
-- { command = 'berth.build', result = ..., err = ... }. Each outcome
-- also fires the User autocommand BerthDone.
M.last = nil

local token_seq = 0

-- execute runs one of the server's commands for a buffer, with a
-- progress token, and calls done(err, result) when it ends. Errors the
-- server already showed (window/showMessage, "berth: ...") are not shown
-- twice.
function M.execute(bufnr, command, arguments, done)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = client_for(bufnr)
  if client == nil then
    return false
  end
  token_seq = token_seq + 1
  local params = {
    command = command,
    arguments = arguments,
    workDoneToken = string.format('berth-nvim-%d-%d', vim.fn.getpid(), token_seq),
  }
  return request(client, 'workspace/executeCommand', params, function(err, result)
    if err ~= nil then
      local msg = type(err) == 'table' and err.message or tostring(err)
      if msg == nil or msg:sub(1, 7) ~= 'berth: ' then
        vim.notify('berth: ' .. command .. ': ' .. tostring(msg), vim.log.levels.ERROR)
      end
    end
    M.last = { command = command, err = err, result = result, bufnr = bufnr }
    if done then
      done(err, result)
    end
    vim.cmd('doautocmd <nomodeline> User BerthDone')
  end, bufnr)
end

local function current(bufnr)
  return (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
end

-- build builds the buffer's image, or one stage of it, from the buffer's
-- text (the file's folder is the build context).
function M.build(bufnr, target)
  bufnr = current(bufnr)
  local arg = { uri = vim.uri_from_bufnr(bufnr) }
  if target ~= nil and target ~= '' then
    arg.target = target
  end
  return M.execute(bufnr, 'berth.build', { arg })
end

-- pull pulls the base image of the FROM at line (0-based; the cursor's by
-- default), else the first one of the buffer that can be pulled: it runs
-- the server's "Pull IMAGE" code action.
function M.pull(bufnr, line)
  bufnr = current(bufnr)
  local client = client_for(bufnr)
  if client == nil then
    return false
  end
  if line == nil then
    line = vim.api.nvim_win_get_cursor(0)[1] - 1
  end
  local function actions(range, next)
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      range = range,
      context = { diagnostics = {} },
    }
    request(client, 'textDocument/codeAction', params, function(err, result)
      if err ~= nil then
        vim.notify('berth: code actions: ' .. tostring(err.message or err), vim.log.levels.ERROR)
        return
      end
      for _, a in ipairs(result or {}) do
        local cmd = a
        if type(a.command) == 'table' then
          cmd = a.command
        end
        if cmd.command == 'berth.pull' then
          M.execute(bufnr, cmd.command, cmd.arguments)
          return
        end
      end
      next()
    end, bufnr)
  end
  local here = { start = { line = line, character = 0 }, ['end'] = { line = line, character = 0 } }
  local all = { start = { line = 0, character = 0 }, ['end'] = { line = vim.api.nvim_buf_line_count(bufnr), character = 0 } }
  actions(here, function()
    actions(all, function()
      vim.notify('berth: no base image to pull in this Dockerfile', vim.log.levels.WARN)
    end)
  end)
  return true
end

-- instruction_start returns the first line (0-based) of the instruction
-- holding line: the lines above ending in a backslash continue it.
local function instruction_start(bufnr, line)
  while line > 0 do
    local above = vim.api.nvim_buf_get_lines(bufnr, line - 1, line, false)[1] or ''
    if not above:match('\\%s*$') then
      break
    end
    line = line - 1
  end
  return line
end

-- pin pins the FROM at line (0-based; the cursor's by default) to its
-- base image's digest, or every FROM when all is true. The server edits
-- the buffer; write it to keep the pin.
function M.pin(bufnr, all, line)
  bufnr = current(bufnr)
  local arg = { uri = vim.uri_from_bufnr(bufnr) }
  if not all then
    if line == nil then
      line = vim.api.nvim_win_get_cursor(0)[1] - 1
    end
    arg.line = instruction_start(bufnr, line)
  end
  return M.execute(bufnr, 'berth.pin', { arg })
end

-- set_settings replaces berth's settings with settings laid over the
-- current ones, in M.config and in every running server
-- (workspace/didChangeConfiguration).
function M.set_settings(settings)
  M.config.settings = vim.tbl_deep_extend('force', M.config.settings or {}, settings or {})
  for _, client in ipairs(berth_clients()) do
    client.config.settings = M.config.settings
    notify_client(client, 'workspace/didChangeConfiguration', { settings = M.config.settings })
  end
end

-- stage_names completes :BerthBuild with the buffer's named stages.
function M.stage_names(lead)
  local names = {}
  for _, l in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do
    local name = l:match('^%s*[Ff][Rr][Oo][Mm]%s.-%s[Aa][Ss]%s+([%w._-]+)%s*$')
    if name and vim.startswith(name, lead or '') then
      table.insert(names, name)
    end
  end
  return names
end

-- setup registers the server for the configured filetypes and berth's
-- commands.
function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', M.config, opts or {})
  local group = vim.api.nvim_create_augroup('berth_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args)
      M.start(args.buf)
    end,
  })
  vim.api.nvim_create_user_command('BerthFixAll', function()
    M.fix_all(0)
  end, { desc = 'berth: apply all safe fixes' })
  vim.api.nvim_create_user_command('BerthBuild', function(o)
    M.build(0, o.args)
  end, {
    nargs = '?',
    complete = function(lead)
      return M.stage_names(lead)
    end,
    desc = 'berth: build the image, or the stage given, with the Docker daemon',
  })
  vim.api.nvim_create_user_command('BerthPull', function()
    M.pull(0)
  end, { desc = 'berth: pull the base image of the FROM under the cursor, else the first one' })
  vim.api.nvim_create_user_command('BerthPin', function(o)
    M.pin(0, o.bang)
  end, { bang = true, desc = "berth: pin the cursor's FROM (with !, every FROM) to its digest" })
  -- Buffers already open.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(M.config.filetypes, vim.bo[buf].filetype) then
      M.start(buf)
    end
  end
end

return M
