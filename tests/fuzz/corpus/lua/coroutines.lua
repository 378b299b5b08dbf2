local co = coroutine.wrap(function(a) for i = 1, 10 do a = coroutine.yield(a * 2) end end)
local s = 0
for i = 1, 10 do s = s + co(i) end
local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end
return s, pcall(f, 1e6), utf8.char(72, 228, 8364), math.floor(2^53)
