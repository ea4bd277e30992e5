-- PDF y DOCX: en las tablas agrupadas por entidad («Entidad | … | Estatus») cada fila lleva su
-- entidad, para que una página que continúa una entidad empiece con su nombre; cuando repite la
-- de la fila anterior se muestra en gris (#6E6E6E: contraste 5.1:1 sobre blanco, WCAG AA pide 4.5:1; el
-- mismo gris que el DOCX). Y el pie «Fuente: …» va en letra menor.
local stringify = pandoc.utils.stringify

function Table(tbl)
  if FORMAT ~= "typst" then
    return nil
  end
  local encabezado = tbl.head.rows[1]
  if not encabezado or stringify(encabezado.cells[1].contents) ~= "Entidad" then
    return nil
  end
  for _, cuerpo in ipairs(tbl.bodies) do
    local anterior = nil
    for _, fila in ipairs(cuerpo.body) do
      local celda = fila.cells[1]
      local texto = stringify(celda.contents)
      if texto ~= "" and texto == anterior then
        local contenido = { pandoc.RawBlock("typst", "#text(fill: rgb(\"#6E6E6E\"))[") }
        for _, b in ipairs(celda.contents) do
          table.insert(contenido, b)
        end
        table.insert(contenido, pandoc.RawBlock("typst", "]"))
        celda.contents = contenido
      end
      anterior = texto
    end
  end
  return tbl
end

function Div(el)
  if FORMAT == "typst" and el.classes:includes("fuente") then
    local bloques = { pandoc.RawBlock("typst", "#[#set text(size: 8.5pt, fill: luma(60))") }
    for _, b in ipairs(el.content) do
      table.insert(bloques, b)
    end
    table.insert(bloques, pandoc.RawBlock("typst", "]"))
    return bloques
  end
end

-- Typst lee «...» como atajo de «…»: los tres puntos de un dato se escriben como cadena literal.
function Str(el)
  if FORMAT ~= "typst" or not el.text:find("...", 1, true) then
    return nil
  end
  local partes = {}
  local resto = el.text
  while true do
    local i = resto:find("...", 1, true)
    if not i then
      break
    end
    if i > 1 then
      table.insert(partes, pandoc.Str(resto:sub(1, i - 1)))
    end
    table.insert(partes, pandoc.RawInline("typst", '#"..."'))
    resto = resto:sub(i + 3)
  end
  if #resto > 0 then
    table.insert(partes, pandoc.Str(resto))
  end
  return partes
end
