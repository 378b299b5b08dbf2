-- A rules file for the tests: one more rule and one more name.
return {
  rules = {
    {name = "sponsors", confidence = 0.9, dates = "sentence",
     pattern = "{A} sponsor|sponsors|sponsored {B}",
     rel = {"A", "funds", "B", kind = "sponsorship"}},
  },
  names = {{name = "Harbour Pilots Association", type = "group", id = "pilots", aliases = {"the pilots"}}},
}
