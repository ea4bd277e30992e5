-- PDF: en las tablas agrupadas por entidad («Entidad | … | Estatus») la celda de la
-- entidad abarca todas sus filas, como en los anexos originales.
local stringify = pandoc.utils.stringify

function Table(tbl)
  local encabezado = tbl.head.rows[1]
  if not encabezado or stringify(encabezado.cells[1].contents) ~= "Entidad" then
    return nil
  end
  for _, cuerpo in ipairs(tbl.bodies) do
    local filas = cuerpo.body
    local i = 1
    while i <= #filas do
      local j = i + 1
      while j <= #filas and stringify(filas[j].cells[1].contents) == "" do
        j = j + 1
      end
      if j - i > 1 then
        filas[i].cells[1].row_span = j - i
        for k = i + 1, j - 1 do
          table.remove(filas[k].cells, 1)
        end
      end
      i = j
    end
  end
  return tbl
end
