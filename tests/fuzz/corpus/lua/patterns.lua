local s = ("Microsoft Azure and ICE"):rep(20)
local a = {}
for w in s:gmatch("%u%a+") do a[#a + 1] = w:lower() end
return s:find("(I)(C)(E)"), s:gsub("%s+", "_", 5), string.format("%q %5.2f %d", s:sub(1, 10), 1 / 3, #a)
