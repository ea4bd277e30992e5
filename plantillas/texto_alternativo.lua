-- PDF (Typst): cada imagen lleva su texto alternativo (/Alt), que PDF/UA-1 exige.
--
-- El escritor de Typst de pandoc no pasa el texto alternativo de una imagen (el que da `alt="…"` en
-- las gráficas del informe, o el de los corchetes ![…] en la redacción del analista): aquí se escribe
-- la llamada a `image` con su `alt`. Una fórmula ($…$) lleva como texto alternativo lo que escribió el
-- analista. El DOCX no necesita este filtro: pandoc ya pone ese texto en `descr`.

local stringify = pandoc.utils.stringify

local function cadena(texto)
  local plano = texto:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")
  return '"' .. plano:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

-- Medidas que Typst entiende tal cual (`{width=50%}`, `{width=8cm}`); otras se ignoran.
local function medida(valor)
  if valor and (valor:match("^%d+%.?%d*%%$") or valor:match("^%d+%.?%d*[cm]m$") or valor:match("^%d+%.?%d*in$")
      or valor:match("^%d+%.?%d*pt$")) then
    return valor
  end
  return nil
end

local function llamada(img)
  local partes = { cadena(img.src) }
  for _, dim in ipairs({ "width", "height" }) do
    local m = medida(img.attributes[dim])
    if m then
      table.insert(partes, dim .. ": " .. m)
    end
  end
  table.insert(partes, "alt: " .. cadena(stringify(img.caption)))
  return "image(" .. table.concat(partes, ", ") .. ")"
end

local function en_figura(fig)
  fig.content = fig.content:walk({
    Image = function(img)
      return pandoc.RawInline("typst", "#" .. llamada(img))
    end,
  })
  return fig, false
end

local function en_linea(img)
  return pandoc.RawInline("typst", "#box(" .. llamada(img) .. ")")
end

local function formula(m)
  local escrita = pandoc.write(pandoc.Pandoc({ pandoc.Plain({ m }) }), "typst"):gsub("%s+$", "")
  return pandoc.RawInline("typst", "#[#set math.equation(alt: " .. cadena(m.text) .. ");" .. escrita .. "]")
end

if FORMAT ~= "typst" then
  return {}
end

return {
  traverse = "topdown",
  Figure = en_figura,
  Image = en_linea,
  Math = formula,
}
