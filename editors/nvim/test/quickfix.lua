-- End-to-end test from a real editor, run by lsp/nvim_test.go:
--
--   nvim --headless --clean -c "luafile quickfix.lua" Dockerfile
--
-- with BERTH_NVIM_PLUGIN (editors/nvim), BERTH_BIN (the berth binary). It
-- opens the Dockerfile through the plugin, waits for diagnostics, applies
-- the preferred quick fix of the MAINTAINER diagnostic and writes the file.
local function fail(msg)
  io.stderr:write('nvim e2e: ' .. msg .. '\n')
  vim.cmd('cquit 1')
end

local ok, err = pcall(function()
  vim.opt.runtimepath:prepend(os.getenv('BERTH_NVIM_PLUGIN'))
  vim.cmd('filetype on')
  require('berth').setup({ cmd = { os.getenv('BERTH_BIN'), 'lsp' } })
  if vim.bo.filetype ~= 'dockerfile' then
    vim.cmd('setfiletype dockerfile')
  end
  local bufnr = vim.api.nvim_get_current_buf()

  local got = vim.wait(20000, function()
    return #vim.diagnostic.get(bufnr) > 0
  end, 20)
  if not got then
    return fail('no diagnostics within 20s')
  end
  local target
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    io.stdout:write(string.format('diagnostic: %s %s %s\n', d.source, d.code, d.message))
    if d.code == 'DL4000' then
      target = d
    end
  end
  if target == nil then
    return fail('no DL4000 diagnostic')
  end

  -- The context diagnostics in LSP form, data included, as
  -- vim.lsp.buf.code_action sends them.
  local line_diags = vim.lsp.diagnostic.get_line_diagnostics(bufnr, target.lnum)
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = { start = { line = target.lnum, character = 0 }, ['end'] = { line = target.lnum + 1, character = 0 } },
    context = { diagnostics = line_diags },
  }
  local results, rerr = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 10000)
  if not results then
    return fail('codeAction failed: ' .. tostring(rerr))
  end
  local action, encoding
  for id, res in pairs(results) do
    if res.err then
      return fail('codeAction error: ' .. vim.inspect(res.err))
    end
    for _, a in ipairs(res.result or {}) do
      io.stdout:write('action: ' .. a.title .. '\n')
      if a.isPreferred and a.kind == 'quickfix' and action == nil then
        action = a
        encoding = vim.lsp.get_client_by_id(id).offset_encoding
      end
    end
  end
  if action == nil then
    return fail('no preferred quick fix')
  end
  vim.lsp.util.apply_workspace_edit(action.edit, encoding or 'utf-16')
  vim.cmd('write')
  vim.cmd('qall!')
end)
if not ok then
  fail(tostring(err))
end
