-- extract/main.lua -- `erg extract`: run by the command (lua/cli_extract.c)
-- in a trusted engine whose global `graph` is the target graph (loaded
-- from -g, or empty).  The command checks the options and passes them
-- in this form:
--   --format=csv|json|review  --out=PATH  --date=YYYY-MM-DD  --rules=FILE
--   --gazetteer=DIR|none  --merge  --lines=guess|blank|each  --quiet
--   [-- FILE...]
-- and the articles in the global ERG_EXTRACT_FILES (a list of paths; the
-- command sets it, so that any number of files fit).

-- "extract.NAME" is NAME.lua beside this file, wherever it is installed.
local here = arg and arg[0] and arg[0]:match("^(.*)/[^/]*$") or "."
table.insert(package.searchers, 2, function(name)
  local rest = name:match("^extract%.([%w_]+)$")
  if not rest then return nil end
  local path = here .. "/" .. rest .. ".lua"
  local chunk, err = loadfile(path, "t")
  if not chunk then return "\n\tno file '" .. path .. "' (" .. tostring(err) .. ")" end
  return chunk, path
end)
local erg = erg or require "erg"

local P = require "extract.pipeline"
local O = require "extract.output"

local opts, files = {format = "review", lines = "guess"}, {}
do
  local i = 1
  while arg[i] and arg[i] ~= "--" do
    local k, v = arg[i]:match("^%-%-([%w_]+)=(.*)$")
    if k then opts[k] = v
    else opts[arg[i]:match("^%-%-([%w_]+)$") or arg[i]] = true end
    i = i + 1
  end
  for j = i + 1, #arg do files[#files + 1] = arg[j] end
  -- the command passes the articles in a table (any number of them)
  if ERG_EXTRACT_FILES then
    for _, f in ipairs(ERG_EXTRACT_FILES) do files[#files + 1] = f end
  end
end

-- Bad input (a rules file, an unreadable article): the command exits 2.
local function fail(msg)
  error("input: " .. msg, 0)
end

local function read(path)
  local f, err = io.open(path, "rb")
  if not f then fail("cannot read " .. path .. ": " .. tostring(err)) end
  local s = f:read("a")
  f:close()
  return s
end

-- The rules: the user's (tried first) and the defaults.
local rules = {}
local names = {}
if opts.rules then
  local chunk, err = loadfile(opts.rules, "t")
  if not chunk then fail(err) end
  local ok, user = pcall(chunk)
  if not ok then fail(tostring(user)) end
  if type(user) ~= "table" then fail(opts.rules .. ": must return a table of rules") end
  local list = user.rules or user
  for _, r in ipairs(list) do rules[#rules + 1] = r end
  names = user.names or {}
  if user.lexicon then user.lexicon(require "extract.lexicon") end
  if not user.replace then
    for _, r in ipairs(require "extract.rules") do rules[#rules + 1] = r end
  end
  local ok2, compiled = pcall(P.compile_rules, rules, opts.rules)
  if not ok2 then fail(compiled) end
  rules = compiled
else
  rules = P.compile_rules(require "extract.rules", "extract/rules.lua")
end

local gazetteer
if opts.merge then gazetteer = graph
elseif opts.gazetteer and opts.gazetteer ~= "none" then gazetteer = erg.load(opts.gazetteer) end

local date
if opts.date then
  local y, m, d = opts.date:match("^(%d%d%d%d)%-?(%d?%d?)%-?(%d?%d?)$")
  date = {year = tonumber(y), month = tonumber(m), day = tonumber(d)}
end

local run = P.new{gazetteer = gazetteer, target = graph, rules = rules, names = names}
for _, path in ipairs(files) do
  local doc = P.add_document(run, path, read(path), {date = date, lines = opts.lines})
  doc.path = path
end

local existing
if opts.merge then
  existing = function(a, b)
    local ok, ea = pcall(graph.entity, graph, a.id)
    local ok2, eb = pcall(graph.entity, graph, b.id)
    if not (ok and ok2 and ea and eb and ea.id == a.id and eb.id == b.id) then return false end
    for r in graph:relationships{from = ea, to = eb} do
      if r.type ~= "mentioned_with" then return true end
    end
    return false
  end
end
local rels = P.relationships(run, existing)
O.build(run, rels, graph, {merge = opts.merge})

local out = opts.out
if opts.format == "csv" then
  graph:save(out)
elseif opts.format == "json" then
  graph:export("json", out or "-")
else
  local f = io.stdout
  if out and out ~= "-" then
    local err
    f, err = io.open(out, "w")
    if not f then fail("cannot write " .. out .. ": " .. tostring(err)) end
  end
  O.review(run, rels, f)
  if f ~= io.stdout then f:close() end
end

if not opts.quiet then
  local strong, weak = 0, 0
  for _, r in ipairs(rels) do
    if r.type == "mentioned_with" then weak = weak + 1 else strong = strong + 1 end
  end
  io.stderr:write(("erg: %d article%s: %d relationships, %d weak links, %d new entities%s\n"):format(
    #run.docs, #run.docs == 1 and "" or "s", strong, weak, #run.registry.new,
    out and out ~= "-" and (" -> " .. out) or ""))
end
