-- End-to-end test of the daemon's actions from a real editor, run by
-- lsp/nvim_daemon_test.go:
--
--   nvim --headless --clean -n -c "luafile daemon.lua" imagenpersonalizada/miDockerfile
--
-- with BERTH_NVIM_PLUGIN (editors/nvim), BERTH_BIN (the berth binary),
-- BERTH_DOCKER_HOST (a running daemon), BERTH_DEAD_HOST (an address where
-- no daemon is) and BERTH_IMAGE (the FROM's image, not present locally).
-- Like a user it runs :BerthPull, :BerthBuild, a failing :BerthBuild,
-- :BerthPin and :write; then, with docker.host set to the dead address,
-- :BerthBuild, :BerthPull and :BerthPin!, each of which must say the
-- daemon is not running. Every wait is bounded.
-- (A new line first: the plugin's progress echoes end without one.)
local function say(fmt, ...)
  io.stdout:write('\n' .. string.format(fmt, ...) .. '\n')
end

local function fail(msg)
  io.stderr:write('nvim daemon e2e: ' .. msg .. '\n')
  vim.cmd('cquit 1')
end

-- What the user sees: every vim.notify (window/showMessage errors go
-- there) and every $/progress value, recorded by a handler the plugin's
-- own must chain to.
local messages = {}
vim.notify = function(msg, level)
  table.insert(messages, tostring(msg))
  say('notify[%s]: %s', tostring(level), tostring(msg))
end
local progress = {}
local default_progress = vim.lsp.handlers['$/progress']
vim.lsp.handlers['$/progress'] = function(err, result, ctx, config)
  if result and type(result.value) == 'table' then
    local v = result.value
    table.insert(progress, v)
    say('progress %s: %s %s', tostring(result.token), v.kind, tostring(v.title or v.message or ''))
  end
  return default_progress(err, result, ctx, config)
end

local ok, err = pcall(function()
  vim.opt.runtimepath:prepend(os.getenv('BERTH_NVIM_PLUGIN'))
  vim.cmd('filetype on')
  local berth = require('berth')
  berth.setup({
    cmd = { os.getenv('BERTH_BIN'), 'lsp' },
    settings = { docker = { host = os.getenv('BERTH_DOCKER_HOST') }, build = { network = 'none' } },
  })
  if vim.bo.filetype ~= 'dockerfile' then
    vim.cmd('setfiletype dockerfile')
  end
  local bufnr = vim.api.nvim_get_current_buf()
  local image = os.getenv('BERTH_IMAGE')

  local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients
  if not vim.wait(20000, function()
    for _, c in ipairs(get_clients()) do
      if c.name == 'berth' and vim.lsp.buf_is_attached(bufnr, c.id) then
        return true
      end
    end
    return false
  end, 20) then
    return fail('the berth server did not attach within 20s')
  end

  local done = 0
  vim.api.nvim_create_autocmd('User', {
    pattern = 'BerthDone',
    callback = function()
      done = done + 1
    end,
  })
  -- run runs a command as a user types it and waits for its action to end.
  local function run(cmd, timeout)
    local before, start = done, vim.loop.hrtime()
    vim.cmd(cmd)
    if not vim.wait(timeout, function()
      return done > before
    end, 20) then
      error(string.format(':%s did not finish within %ds', cmd, timeout / 1000))
    end
    local last = berth.last
    say(':%s ended after %.1fs: err=%s result=%s', cmd, (vim.loop.hrtime() - start) / 1e9,
      vim.inspect(last.err), vim.inspect(last.result))
    return last
  end
  local function count(kind)
    local n = 0
    for _, v in ipairs(progress) do
      if v.kind == kind then
        n = n + 1
      end
    end
    return n
  end

  -- Pull the base image.
  local last = run('BerthPull', 120000)
  if last.command ~= 'berth.pull' or last.err ~= nil or type(last.result) ~= 'table' or last.result.image ~= image then
    return fail('pull: ' .. vim.inspect(last))
  end
  if count('begin') ~= 1 or count('end') ~= 1 then
    return fail('pull progress: ' .. vim.inspect(progress))
  end

  -- Build, with a report for each step.
  progress = {}
  last = run('BerthBuild', 180000)
  if last.err ~= nil or type(last.result) ~= 'table' or not tostring(last.result.imageId):match('^sha256:') then
    return fail('build: ' .. vim.inspect(last))
  end
  if last.result.tags[1] ~= 'imagenpersonalizada-mi' then
    return fail('build tagged ' .. vim.inspect(last.result.tags) .. ', want imagenpersonalizada-mi')
  end
  local steps = 0
  for _, v in ipairs(progress) do
    if v.kind == 'report' and tostring(v.message or ''):match('Step %d+/%d+') then
      steps = steps + 1
    end
  end
  if steps == 0 or progress[1].kind ~= 'begin' or progress[#progress].kind ~= 'end' then
    return fail('build progress without a "Step" report between begin and end: ' .. vim.inspect(progress))
  end

  -- :BerthBuild TAG and tag=TAG name the image.
  for _, cmd in ipairs({ 'BerthBuild berth-nvim-tagged:1', 'BerthBuild tag=berth-nvim-tagged:2' }) do
    last = run(cmd, 180000)
    local want = cmd:match('(berth%-nvim%-tagged:%d)')
    if last.err ~= nil or type(last.result) ~= 'table' or last.result.tags[1] ~= want then
      return fail(':' .. cmd .. ': ' .. vim.inspect(last) .. ', want the tag ' .. want)
    end
  end

  -- A failing step, typed into the buffer, is marked on its line.
  local failing = vim.api.nvim_buf_line_count(bufnr)
  vim.api.nvim_buf_set_lines(bufnr, failing, failing, false, { "RUN sh -c 'echo boom >&2; exit 3'" })
  messages = {}
  last = run('BerthBuild', 180000)
  if last.err == nil then
    return fail('the failing build succeeded: ' .. vim.inspect(last))
  end
  local found
  if not vim.wait(15000, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.source == 'docker build' then
        found = d
        return true
      end
    end
    return false
  end, 20) then
    return fail('no "docker build" diagnostic within 15s: ' .. vim.inspect(vim.diagnostic.get(bufnr)))
  end
  say('build diagnostic on line %d: %s', found.lnum + 1, found.message)
  if found.lnum ~= failing or found.severity ~= vim.diagnostic.severity.ERROR or not found.message:find('boom') then
    return fail(string.format('build diagnostic on line %d (want %d): %s', found.lnum + 1, failing + 1, vim.inspect(found)))
  end

  -- Pin the FROM and save.
  vim.api.nvim_win_set_cursor(0, { 1, 0 })
  last = run('BerthPin', 60000)
  local from = vim.api.nvim_buf_get_lines(bufnr, 0, 1, false)[1]
  if last.err ~= nil or not from:find(image .. '@sha256:', 1, true) then
    return fail('pin: ' .. vim.inspect(last) .. '; FROM line: ' .. from)
  end
  vim.cmd('write')

  -- No daemon: each action says so, quickly.
  berth.set_settings({ docker = { host = os.getenv('BERTH_DEAD_HOST') } })
  vim.api.nvim_buf_set_lines(bufnr, -1, -1, false, { 'FROM localhost:5000/busybox:1.36 AS other' })
  for _, cmd in ipairs({ 'BerthBuild', 'BerthPull', 'BerthPin!' }) do
    messages = {}
    local start = vim.loop.hrtime()
    last = run(cmd, 15000)
    if last.err == nil then
      return fail(cmd .. ' without a daemon succeeded: ' .. vim.inspect(last))
    end
    if not vim.wait(5000, function()
      for _, m in ipairs(messages) do
        if m:find('is it running?', 1, true) then
          return true
        end
      end
      return false
    end, 20) then
      return fail(cmd .. ': no message said the daemon is not running: ' .. vim.inspect(messages))
    end
    say(':%s told the user within %.1fs', cmd, (vim.loop.hrtime() - start) / 1e9)
  end
  say('ok')
  vim.cmd('qall!')
end)
if not ok then
  fail(tostring(err))
end
