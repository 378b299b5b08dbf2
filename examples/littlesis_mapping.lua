-- littlesis_mapping.lua -- a mapping for `erg import`: one row of a
-- LittleSis-style spreadsheet (examples/data/littlesis_sample.csv) holds a
-- person, the agency they run and the employer they came from.
--
--   erg import examples/data/littlesis_sample.csv --mapping examples/littlesis_mapping.lua -o out/littlesis
--
-- A mapping returns a table: `entities` (a name for each kind of entity a
-- row holds), `relationships` (a list), `sources`.  A string names a column,
-- except in `type`, where it is the type itself; a function gets the row
-- (a table by column name, values typed by column) and returns the value.
-- An entity whose id comes out empty is left out of that row, and so are
-- the relationships that need it.

-- "Tom Homan" -> "tom-homan": ids that stay the same however a name is cased
local function slug(s)
  return (s:lower():gsub("[^%w]+", "-"):gsub("^-", ""):gsub("-$", ""))
end

return {
  sources = {
    page = { id = "source_url", attributes = { url = "source_url" } },
  },
  entities = {
    person = {
      type = "person",
      id = function(row) return slug(row.person) end,
      name = "person",
      source = "page",
    },
    agency = {
      type = function(row) return row.agency_type end,
      id = function(row) return slug(row.agency) end,
      name = "agency",
    },
    employer = {
      type = "company",
      id = function(row) return row.previous_employer and slug(row.previous_employer) end,
      name = "previous_employer",
    },
  },
  relationships = {
    { from = "person", to = "agency", type = "leads",
      attributes = { title = "title", since = "start_date", ["until"] = "end_date" }, source = "page" },
    { from = "person", to = "employer", type = "worked_for",
      attributes = { role = "previous_role" }, source = "page" },
  },
}
