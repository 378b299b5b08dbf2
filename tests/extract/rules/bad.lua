return {{name = "broken", pattern = "{A} ( pays {B}", rel = {"A", "funds", "B"}}}
