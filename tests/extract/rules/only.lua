-- Only this rule: the built-in ones are left out.
return {
  replace = true,
  rules = {{name = "sponsors", pattern = "{A} sponsors {B}", rel = {"A", "funds", "B"}}},
}
