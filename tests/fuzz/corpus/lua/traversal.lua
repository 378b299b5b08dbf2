local g = graph
local ids = g:V():out():values("id")
local c = g:V{type = "government_body"}:both():count()
local l = g:V("ice"):in_():limit(3):list()
return ids, c, #l, g:V("azure"):hasnot("size"):count()
