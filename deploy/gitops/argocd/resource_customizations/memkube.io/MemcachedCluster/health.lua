-- Argo CD health check for memkube.io/MemcachedCluster.
-- Reads only what the operator writes: status.observedGeneration and the conditions Available,
-- Progressing and Degraded (each with status "True"/"False", a reason and a message).
-- Written for Argo CD's Lua (gopher-lua, Lua 5.1); deploy/test/gitops runs it on sample objects.
local hs = { status = "Progressing", message = "Waiting for the memkube operator" }

local function paused(o)
  if o.spec ~= nil and o.spec.paused == true then
    return true
  end
  local annotations = o.metadata ~= nil and o.metadata.annotations or nil
  return annotations ~= nil and annotations["memkube.io/paused"] == "true"
end

local function condition(conditions, kind)
  for _, c in ipairs(conditions) do
    if c.type == kind then
      return c
    end
  end
  return nil
end

local function describe(c, fallback)
  if c == nil then
    return fallback
  end
  if c.message ~= nil and c.message ~= "" then
    return c.message
  end
  if c.reason ~= nil and c.reason ~= "" then
    return c.reason
  end
  return fallback
end

if paused(obj) then
  hs.status = "Suspended"
  hs.message = "Reconciliation is paused"
  return hs
end

local status = obj.status
if status == nil or status.conditions == nil or #status.conditions == 0 then
  return hs
end

local generation = obj.metadata ~= nil and obj.metadata.generation or nil
if generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

local available = condition(status.conditions, "Available")
local progressing = condition(status.conditions, "Progressing")
local degraded = condition(status.conditions, "Degraded")

if degraded ~= nil and degraded.status == "True" then
  hs.status = "Degraded"
  hs.message = describe(degraded, "Degraded")
  return hs
end
if progressing ~= nil and progressing.status == "True" then
  hs.status = "Progressing"
  hs.message = describe(progressing, "Progressing")
  return hs
end
if available ~= nil and available.status == "True" then
  hs.status = "Healthy"
  hs.message = describe(available, "Available")
  return hs
end
-- Not available, yet neither degraded nor progressing: scaled to zero on purpose, or waiting (for
-- the proxies, for servers to start); the operator sets Degraded itself when it judges them stuck.
if available ~= nil and available.status == "False" then
  if available.reason == "ScaledToZero" then
    hs.status = "Healthy"
  end
  hs.message = describe(available, "Not available yet")
  return hs
end
hs.status = "Unknown"
hs.message = "No Available, Progressing or Degraded condition"
return hs
