-- End-to-end test of setup{} from a bare Neovim, run by
-- lsp/nvim_setup_test.go:
--
--   nvim --headless -u NONE -n -c "luafile setup.lua"
--
-- in a folder holding Containerfile, web.dockerfile, Dockerfile.dev,
-- dockerfile, miDockerfile, notes.txt, Dockerfile.md and sub/Dockerfile (a
-- second workspace: sub holds a .berth.yaml), with BERTH_NVIM_PLUGIN
-- (editors/nvim), BERTH_BIN (the berth binary), BERTH_LOG (the server's
-- log file) and BERTH_NAMES (fixtures/dockerfile-names.txt). -u NONE means
-- no filetype detection: the plugin must name the files itself. It checks
-- that is_dockerfile answers for each name of BERTH_NAMES as the table
-- does, that each Dockerfile gets diagnostics and the notes no server, that
-- :BerthFixAll rewrites the MAINTAINER line of Dockerfile.dev (and writes
-- it), that hover on FROM is in Spanish with locale = 'es', and it sends
-- empty settings (top level and nested) that the server must read as
-- objects; the Go test then reads the server's log.
-- (A new line first: the plugin's progress echoes end without one.)
local function say(fmt, ...)
  io.stdout:write('\n' .. string.format(fmt, ...) .. '\n')
end

local function fail(msg)
  io.stderr:write('nvim setup e2e: ' .. msg .. '\n')
  vim.cmd('cquit 1')
end

local messages = {}
vim.notify = function(msg, level)
  table.insert(messages, tostring(msg))
  say('notify[%s]: %s', tostring(level), tostring(msg))
end

local ok, err = pcall(function()
  if vim.fn.exists('#filetypedetect') == 1 then
    error('filetype detection is on: run with -u NONE')
  end
  vim.opt.runtimepath:prepend(os.getenv('BERTH_NVIM_PLUGIN'))
  local berth = require('berth')
  -- Default settings ({}): sent as {} in initialize.
  berth.setup({ cmd = { os.getenv('BERTH_BIN'), 'lsp', '--log', os.getenv('BERTH_LOG') }, locale = 'es' })
  say('backend: %s', berth.backend())

  local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients
  local function berth_client(bufnr)
    for _, c in ipairs(get_clients()) do
      if c.name == 'berth' and vim.lsp.buf_is_attached(bufnr, c.id) then
        return c
      end
    end
  end

  -- open edits a file as a user does and waits for its diagnostics.
  local function open(name, want_code)
    vim.cmd('edit ' .. vim.fn.fnameescape(name))
    local bufnr = vim.api.nvim_get_current_buf()
    if vim.bo[bufnr].filetype ~= 'dockerfile' then
      error(string.format('%s: filetype %q, want dockerfile', name, vim.bo[bufnr].filetype))
    end
    if not vim.wait(20000, function()
      return #vim.diagnostic.get(bufnr) > 0
    end, 20) then
      error(string.format('%s: no diagnostics within 20s (client: %s)', name, vim.inspect(berth_client(bufnr) ~= nil)))
    end
    local codes = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      codes[d.code] = true
      say('%s: diagnostic %s %s', name, d.code, d.message)
    end
    if want_code and not codes[want_code] then
      error(string.format('%s: no %s diagnostic', name, want_code))
    end
    return bufnr
  end

  -- The names berth lint takes for Dockerfiles, and those it does not.
  local names = 0
  for line in io.lines(os.getenv('BERTH_NAMES')) do
    local name, answer = line:match('^([^#%s]%S*) (%a+)$')
    if name then
      names = names + 1
      if berth.is_dockerfile('/src/app/' .. name) ~= (answer == 'yes') then
        error(string.format('is_dockerfile(%q) is not %s', name, answer))
      end
    end
  end
  if names < 20 then
    error(string.format('%d names read from %s', names, os.getenv('BERTH_NAMES')))
  end
  say('is_dockerfile agrees with berth lint on %d names', names)

  open('Containerfile', 'DL3006')
  open('web.dockerfile', 'DL3007')
  open('dockerfile', 'DL3006')
  open('miDockerfile', 'DL3006')
  local dev = open('Dockerfile.dev', 'DL4000')

  -- Not Dockerfiles: no filetype dockerfile, no server.
  for _, name in ipairs({ 'notes.txt', 'Dockerfile.md' }) do
    vim.cmd('edit ' .. name)
    if vim.bo.filetype == 'dockerfile' or berth_client(0) ~= nil then
      return fail(name .. ': filetype ' .. vim.bo.filetype .. ', or a berth client attached')
    end
  end

  -- One server for the folder.
  local n = 0
  for _, c in ipairs(get_clients()) do
    if c.name == 'berth' then
      n = n + 1
    end
  end
  if n ~= 1 then
    return fail(string.format('%d berth clients for one folder, want 1', n))
  end

  -- :BerthFixAll rewrites MAINTAINER through berth.applyFixes.
  vim.cmd('buffer ' .. dev)
  local done = 0
  vim.api.nvim_create_autocmd('User', {
    pattern = 'BerthDone',
    callback = function()
      done = done + 1
    end,
  })
  vim.cmd('BerthFixAll')
  if not vim.wait(10000, function()
    return done > 0
  end, 20) then
    return fail(':BerthFixAll did not finish within 10s')
  end
  if berth.last.command ~= 'berth.applyFixes' or berth.last.err ~= nil then
    return fail(':BerthFixAll: ' .. vim.inspect(berth.last))
  end
  local lines = vim.api.nvim_buf_get_lines(dev, 0, -1, false)
  say(':BerthFixAll gave:\n%s', table.concat(lines, '\n'))
  if lines[2] ~= 'LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"' then
    return fail(':BerthFixAll left line 2 as ' .. vim.inspect(lines[2]))
  end
  vim.cmd('write')

  -- Hover in Spanish (locale = 'es' in initialize).
  local results = vim.lsp.buf_request_sync(dev, 'textDocument/hover', {
    textDocument = vim.lsp.util.make_text_document_params(dev),
    position = { line = 0, character = 1 },
  }, 10000)
  local text = ''
  for _, res in pairs(results or {}) do
    local c = res.result and res.result.contents
    if type(c) == 'table' then
      text = text .. tostring(c.value or '')
    end
  end
  say('hover on FROM: %s', (text:gsub('\n.*', '')))
  if not text:find('inicia una etapa de construcción', 1, true) then
    return fail('the hover on FROM is not in Spanish: ' .. text)
  end

  -- Nested empty settings, in initialize (a second workspace, so a
  -- second server) and in didChangeConfiguration: objects, but [] for
  -- the lists.
  berth.set_settings({ ignore = {}, severity = {}, docker = {}, build = { args = {} } })
  local sub = open('sub/Dockerfile', 'DL3006')
  local c = berth_client(sub)
  if c == nil or c.config.root_dir == nil or not c.config.root_dir:find('/sub$') then
    return fail('sub/Dockerfile: not attached to a server of its own folder: ' .. vim.inspect(c and c.config.root_dir))
  end
  -- A request the server logs as a warning, so that the Go test knows
  -- warnings reach the log.
  if vim.fn.has('nvim-0.11') == 1 then
    c:notify('$/cancelRequest', { id = true })
  else
    c.notify('$/cancelRequest', { id = true })
  end
  -- The server reads, and logs, the notification before it reads a
  -- request sent after it: once the request is answered, the warning is
  -- in the log.
  local answered, why = vim.lsp.buf_request_sync(sub, 'textDocument/hover', {
    textDocument = vim.lsp.util.make_text_document_params(sub),
    position = { line = 0, character = 1 },
  }, 10000)
  if answered == nil then
    return fail('no answer to a hover sent after the bad $/cancelRequest: ' .. tostring(why))
  end
  say('messages: %s', vim.inspect(messages))
  say('ok')
  vim.cmd('qall!')
end)
if not ok then
  fail(tostring(err))
end
