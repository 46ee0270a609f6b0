-- berth for Neovim: runs "berth lsp" for Dockerfiles.
--
--   require('berth').setup()                      -- defaults
--   require('berth').setup({
--     cmd = { '/path/to/berth', 'lsp' },
--     settings = { ignore = { 'DL3008' }, severity = { DL3007 = 'info' } },
--     on_attach = function(client, bufnr) ... end,
--   })
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
  -- shellcheck, debounceMs, configFile. Sent as initializationOptions.
  settings = {},
  -- Passed on to vim.lsp.start_client.
  on_attach = nil,
  capabilities = nil,
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

-- setup registers the server for the configured filetypes.
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
  -- Buffers already open.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(M.config.filetypes, vim.bo[buf].filetype) then
      M.start(buf)
    end
  end
end

return M
