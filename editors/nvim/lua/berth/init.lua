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
--     locale = 'es',
--     on_attach = function(client, bufnr) ... end,
--   })
--
-- setup registers the filetype "dockerfile" for the names "berth lint"
-- takes for Dockerfiles (is_dockerfile: Dockerfile, Dockerfile.*,
-- *.Dockerfile, miDockerfile, Containerfile, ...), so that it works
-- without the user's filetype detection, even from "nvim -u NONE"; then
-- it starts the server for those buffers:
-- through vim.lsp.config and vim.lsp.enable on Neovim 0.11+, else through
-- nvim-lspconfig when it is installed, else with vim.lsp.start_client.
--
-- Commands: :BerthFixAll, :BerthBuild [TAG | tag=TAG] [stage=NAME],
-- :BerthBuildStage NAME, :BerthPull, :BerthPin[!]. The daemon's actions
-- show their progress ($/progress) in the command line, and their errors
-- as messages.
--
-- Works with Neovim 0.7 and later; no other plugin is needed.
local M = {}

M.config = {
  -- The command that starts the server.
  cmd = { 'berth', 'lsp' },
  -- The filetypes the server attaches to.
  filetypes = { 'dockerfile' },
  -- Register the filetype "dockerfile" for the Dockerfile names (see
  -- above). false leaves filetype detection to the user's configuration.
  detect = true,
  -- A document's workspace is the nearest folder up from it holding one
  -- of these; else the document's own folder.
  root_markers = { '.berth.yaml', '.berth.yml', '.hadolint.yaml', '.hadolint.yml', '.git' },
  -- berth's settings (see the README): ignore, enable, severity,
  -- shellcheck, debounceMs, configFile, and for the daemon's actions
  -- docker = { host = ... } and build = { network, builder, tag, context,
  -- args, noCache }. Sent as initializationOptions (always a JSON object);
  -- set_settings() changes them in running servers.
  settings = {},
  -- The language of hover and completion texts ("en", "es"), sent as the
  -- initialize request's locale. nil: from v:lang, else $LC_ALL,
  -- $LC_MESSAGES or $LANG ("es_AR.UTF-8" gives "es"); false: none.
  locale = nil,
  -- How the server is started: 'native' (vim.lsp.config/vim.lsp.enable,
  -- Neovim 0.11+), 'lspconfig' (nvim-lspconfig), 'builtin'
  -- (vim.lsp.start_client). nil: the first of those that is available.
  backend = nil,
  -- How the progress of builds, pulls and pins is shown: 'echo' (the
  -- command line, without filling the message history), 'notify'
  -- (vim.notify), false (not at all), or a function(value, title, client)
  -- given each $/progress value ({kind = 'begin'|'report'|'end', ...})
  -- and the progress's title. Another $/progress handler (the one in
  -- vim.lsp.handlers, or handlers['$/progress'] below) still runs.
  progress = 'echo',
  -- Passed on to the client.
  on_attach = nil,
  capabilities = nil,
  handlers = nil,
  before_init = nil,
}

local islist = vim.islist or vim.tbl_islist

-- merge lays b over a: tables merge key by key, except lists (and
-- anything that is not a table), which b replaces.
local function merge(a, b)
  if type(a) ~= 'table' or type(b) ~= 'table' or (next(b) ~= nil and islist(b)) or (next(a) ~= nil and islist(a)) then
    return b
  end
  local out = {}
  for k, v in pairs(a) do
    out[k] = v
  end
  for k, v in pairs(b) do
    out[k] = merge(out[k], v)
  end
  return out
end
M.merge = merge

-- The settings that are lists: an empty one is sent as [], every other
-- empty table as {}.
local list_settings = { ignore = true, enable = true }

-- as_object returns settings ready to be sent: empty tables that stand
-- for objects become vim.empty_dict(), which is encoded as {} (an empty
-- Lua table is encoded as [], which the server cannot read as settings).
local function as_object(v, key)
  if type(v) ~= 'table' then
    return v
  end
  if next(v) == nil then
    if list_settings[key] then
      return {}
    end
    return vim.empty_dict()
  end
  if islist(v) then
    return v
  end
  local out = {}
  for k, x in pairs(v) do
    out[k] = as_object(x, k)
  end
  return out
end

-- init_options returns the initializationOptions: the settings, always
-- an object.
function M.init_options()
  return as_object(M.config.settings or {})
end

-- locale returns the locale sent to the server ("es"), or nil.
function M.locale()
  local loc = M.config.locale
  if loc == false then
    return nil
  end
  if type(loc) == 'string' and loc ~= '' then
    return loc
  end
  for _, v in ipairs({ vim.v.lang, os.getenv('LC_ALL'), os.getenv('LC_MESSAGES'), os.getenv('LANG') }) do
    if type(v) == 'string' and v ~= '' and v ~= 'C' and v ~= 'POSIX' and not v:match('^C%.') then
      local lang = v:match('^(%a%a%a?)[_.@-]') or v:match('^(%a%a%a?)$')
      if lang then
        return lang:lower()
      end
    end
  end
  return nil
end

-- before_init completes the initialize request: the settings as an
-- object and the locale (Neovim sends none of its own), then the user's
-- before_init.
local function before_init(params, config)
  params.initializationOptions = M.init_options()
  local loc = M.locale()
  if loc ~= nil and (params.locale == nil or M.config.locale) then
    params.locale = loc
  end
  if M.config.before_init then
    M.config.before_init(params, config)
  end
end

-- Filetype detection ----------------------------------------------------

-- The endings of names that are not Dockerfiles though they start with
-- Dockerfile. or Containerfile.: ignore files, notes and leftovers.
local not_dockerfile_suffixes = {
  '.dockerignore', '.md', '.markdown', '.rst', '.txt', '.adoc',
  '.orig', '.rej', '.bak', '.swp', '.swo', '.tmp', '.old', '~',
}

-- is_dockerfile reports whether a file name is a Dockerfile's, as "berth
-- lint" searching a folder decides (fixtures/dockerfile-names.txt):
-- Dockerfile, dockerfile, Containerfile, containerfile, Dockerfile.* and
-- Containerfile.* (not notes or leftovers: Dockerfile.md, Dockerfile~), and
-- names ending in Dockerfile, dockerfile, Containerfile or containerfile
-- (api.Dockerfile, miDockerfile), hidden files aside.
function M.is_dockerfile(name)
  local base = vim.fn.fnamemodify(name, ':t')
  if base == 'Dockerfile' or base == 'dockerfile' or base == 'Containerfile' or base == 'containerfile' then
    return true
  end
  if base:match('^Dockerfile%.') or base:match('^Containerfile%.') then
    local lower = base:lower()
    for _, suffix in ipairs(not_dockerfile_suffixes) do
      if lower:sub(-#suffix) == suffix then
        return false
      end
    end
    return true
  end
  return base:sub(1, 1) ~= '.' and (base:match('[Dd]ockerfile$') ~= nil or base:match('[Cc]ontainerfile$') ~= nil)
end

-- The autocommand patterns of the names is_dockerfile may accept (it has
-- the last word).
local name_patterns = {
  'Dockerfile.*', 'Containerfile.*', '*Dockerfile', '*dockerfile', '*Containerfile', '*containerfile',
}

local function set_filetype(buf, name)
  if vim.api.nvim_buf_is_valid(buf) and vim.bo[buf].filetype == '' and M.is_dockerfile(name) then
    vim.bo[buf].filetype = 'dockerfile'
  end
end

-- register_filetype makes the Dockerfile names of filetype dockerfile:
-- with vim.filetype.add on 0.8+ (for vim.filetype.match and the user's
-- filetype detection) and, on every version, BufRead and BufNewFile
-- autocommands, which also work when filetype detection is off (as with
-- "nvim -u NONE"). Buffers already open get their filetype too.
local function register_filetype(group)
  if vim.fn.has('nvim-0.8') == 1 and vim.filetype and vim.filetype.add then
    local function ft(path)
      if M.is_dockerfile(path) then
        return 'dockerfile'
      end
    end
    vim.filetype.add({
      filename = { Dockerfile = 'dockerfile', dockerfile = 'dockerfile', Containerfile = 'dockerfile', containerfile = 'dockerfile' },
      pattern = {
        ['Dockerfile%..*'] = ft,
        ['Containerfile%..*'] = ft,
        ['.*[Dd]ockerfile'] = ft,
        ['.*[Cc]ontainerfile'] = ft,
      },
    })
  end
  vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
    group = group,
    pattern = name_patterns,
    callback = function(args)
      set_filetype(args.buf, args.file ~= '' and args.file or vim.api.nvim_buf_get_name(args.buf))
    end,
  })
end

-- Starting the server ----------------------------------------------------

-- client ids by workspace root (the builtin backend)
local clients = {}

local function find_root(fname)
  local dir = vim.fn.fnamemodify(fname, ':p:h')
  for _, marker in ipairs(M.config.root_markers) do
    local found = vim.fn.findfile(marker, dir .. ';')
    if found == '' then
      found = vim.fn.finddir(marker, dir .. ';')
    end
    if found ~= '' then
      return (vim.fn.fnamemodify(found, ':p:h'):gsub('/%.git/?$', ''))
    end
  end
  return dir
end
M.find_root = find_root

-- client_config returns the client configuration for a workspace root
-- (nil: decided per buffer).
function M.client_config(root)
  local cfg = {
    name = 'berth',
    cmd = M.config.cmd,
    filetypes = M.config.filetypes,
    init_options = M.init_options(),
    before_init = before_init,
    capabilities = M.config.capabilities or vim.lsp.protocol.make_client_capabilities(),
    on_attach = M.config.on_attach,
    handlers = M.handlers(),
    flags = { debounce_text_changes = 50 },
  }
  if root ~= nil then
    cfg.root_dir = root
    cfg.workspace_folders = { { uri = vim.uri_from_fname(root), name = root } }
  end
  return cfg
end

-- backend returns how the server is started.
function M.backend()
  local b = M.config.backend
  if b ~= nil then
    return b
  end
  if vim.fn.has('nvim-0.11') == 1 and vim.lsp.config ~= nil and vim.lsp.enable ~= nil then
    return 'native'
  end
  if pcall(require, 'lspconfig.configs') then
    return 'lspconfig'
  end
  return 'builtin'
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
  if vim.fn.has('nvim-0.11') == 1 then
    -- vim.lsp.start reuses the client of the same name and root.
    local id = vim.lsp.start(M.client_config(root), { bufnr = bufnr })
    if id == nil then
      vim.notify('berth: could not start ' .. table.concat(M.config.cmd, ' '), vim.log.levels.ERROR)
    end
    return id
  end
  local id = clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client(M.client_config(root))
    if id == nil then
      vim.notify('berth: could not start ' .. table.concat(M.config.cmd, ' '), vim.log.levels.ERROR)
      return nil
    end
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

-- start_native registers the server with vim.lsp.config and enables it
-- (Neovim 0.11+); enabling also attaches the buffers already open.
local function start_native()
  local cfg = M.client_config(nil)
  cfg.name = nil
  cfg.root_dir = function(bufnr, on_dir)
    local fname = vim.api.nvim_buf_get_name(bufnr)
    on_dir(find_root(fname ~= '' and fname or (vim.fn.getcwd() .. '/Dockerfile')))
  end
  vim.lsp.config('berth', cfg)
  vim.lsp.enable('berth')
end

-- start_lspconfig registers berth as an nvim-lspconfig server (the way
-- its custom servers are added) and sets it up.
local function start_lspconfig()
  local lspconfig = require('lspconfig')
  local configs = require('lspconfig.configs')
  local function root_dir(fname)
    return find_root(fname ~= '' and fname or (vim.fn.getcwd() .. '/Dockerfile'))
  end
  if not configs.berth then
    configs.berth = {
      default_config = {
        cmd = M.config.cmd,
        filetypes = M.config.filetypes,
        root_dir = root_dir,
        single_file_support = true,
      },
      docs = { description = 'berth, a Dockerfile linter and language server (github.com/berth-dev/berth).' },
    }
  end
  local cfg = M.client_config(nil)
  cfg.name = nil
  cfg.root_dir = root_dir
  cfg.single_file_support = true
  lspconfig.berth.setup(cfg)
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

-- berth_clients returns the running berth clients, however they were
-- started.
local function berth_clients()
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  local out = {}
  for _, client in ipairs(get()) do
    if client.name == 'berth' then
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

-- fix_all applies every safe fix of a buffer: the server's
-- berth.applyFixes edits the buffer (workspace/applyEdit).
function M.fix_all(bufnr)
  bufnr = current(bufnr)
  return M.execute(bufnr, 'berth.applyFixes', { { uri = vim.uri_from_bufnr(bufnr) } })
end

-- build builds the buffer's image from the buffer's text (the file's
-- folder is the build context). opts: { tag = 'name:tag', target =
-- 'stage' }, or a string, the stage to build.
function M.build(bufnr, opts)
  bufnr = current(bufnr)
  if type(opts) == 'string' then
    opts = { target = opts }
  end
  opts = opts or {}
  local arg = { uri = vim.uri_from_bufnr(bufnr) }
  if opts.target ~= nil and opts.target ~= '' then
    arg.target = opts.target
  end
  if opts.tag ~= nil and opts.tag ~= '' then
    arg.tag = opts.tag
  end
  return M.execute(bufnr, 'berth.build', { arg })
end

-- parse_build_args reads :BerthBuild's arguments: "TAG", "tag=TAG",
-- "stage=NAME" (or "target=NAME"), in any order. It returns the options
-- of build, or nil and an error.
function M.parse_build_args(fargs)
  local opts = {}
  for _, a in ipairs(fargs or {}) do
    local k, v = a:match('^(%w+)=(.*)$')
    if k == 'tag' then
      opts.tag = v
    elseif k == 'stage' or k == 'target' then
      opts.target = v
    elseif k ~= nil then
      return nil, string.format('unknown argument %q: want TAG, tag=TAG or stage=NAME', a)
    elseif opts.tag == nil then
      opts.tag = a
    else
      return nil, string.format('two tags: %q and %q', opts.tag, a)
    end
  end
  return opts
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
  M.config.settings = merge(M.config.settings or {}, settings or {})
  local sent = M.init_options()
  if M.backend() == 'native' then
    vim.lsp.config('berth', { init_options = sent })
  end
  for _, client in ipairs(berth_clients()) do
    client.config.settings = sent
    notify_client(client, 'workspace/didChangeConfiguration', { settings = sent })
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

-- setup registers the filetype, the server for the configured
-- filetypes and berth's commands.
function M.setup(opts)
  opts = opts or {}
  M.config = merge(M.config, opts)
  local group = vim.api.nvim_create_augroup('berth_lsp', { clear = true })
  if M.config.detect ~= false then
    register_filetype(group)
  end
  local backend = M.backend()
  if backend == 'native' then
    start_native()
  elseif backend == 'lspconfig' then
    start_lspconfig()
  else
    vim.api.nvim_create_autocmd('FileType', {
      group = group,
      pattern = M.config.filetypes,
      callback = function(args)
        M.start(args.buf)
      end,
    })
  end

  vim.api.nvim_create_user_command('BerthFixAll', function()
    M.fix_all(0)
  end, { desc = 'berth: apply all safe fixes' })
  vim.api.nvim_create_user_command('BerthBuild', function(o)
    local bopts, err = M.parse_build_args(o.fargs)
    if bopts == nil then
      vim.notify('berth: :BerthBuild: ' .. err, vim.log.levels.ERROR)
      return
    end
    M.build(0, bopts)
  end, {
    nargs = '*',
    complete = function(lead)
      local out = {}
      for _, name in ipairs(M.stage_names('')) do
        table.insert(out, 'stage=' .. name)
      end
      table.insert(out, 'tag=')
      return vim.tbl_filter(function(c)
        return vim.startswith(c, lead or '')
      end, out)
    end,
    desc = 'berth: build the image (:BerthBuild [TAG|tag=TAG] [stage=NAME]) with the Docker daemon',
  })
  vim.api.nvim_create_user_command('BerthBuildStage', function(o)
    M.build(0, { target = o.args })
  end, {
    nargs = 1,
    complete = function(lead)
      return M.stage_names(lead)
    end,
    desc = 'berth: build one stage of the image with the Docker daemon',
  })
  vim.api.nvim_create_user_command('BerthPull', function()
    M.pull(0)
  end, { desc = 'berth: pull the base image of the FROM under the cursor, else the first one' })
  vim.api.nvim_create_user_command('BerthPin', function(o)
    M.pin(0, o.bang)
  end, { bang = true, desc = "berth: pin the cursor's FROM (with !, every FROM) to its digest" })

  -- Buffers already open: name them, which starts the server through the
  -- FileType autocommands, or start it for those already named.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) then
      local ft = vim.bo[buf].filetype
      if ft == '' and M.config.detect ~= false then
        set_filetype(buf, vim.api.nvim_buf_get_name(buf))
      elseif vim.tbl_contains(M.config.filetypes, ft) then
        if backend == 'builtin' then
          M.start(buf)
        elseif backend == 'lspconfig' then
          vim.api.nvim_buf_call(buf, function()
            pcall(vim.api.nvim_exec_autocmds, 'FileType', { group = 'lspconfig', pattern = ft, modeline = false })
          end)
        end
        -- vim.lsp.enable attaches the open buffers itself.
      end
    end
  end
end

return M
