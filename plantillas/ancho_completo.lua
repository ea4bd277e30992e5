-- Las tablas del PDF y del DOCX ocupan el ancho del texto, como en los informes publicados.
--
-- pandoc reparte los anchos de una tabla de cuadrícula en proporción a los guiones de cada columna
-- y cuenta también los «+» y espacios que las separan: una tabla de 12 columnas queda en 92 % del
-- ancho y sus cifras se enciman. Aquí se escalan las proporciones para que sumen 1; el orden
-- relativo entre columnas es el que eligió la plantilla.

function Table(t)
  local suma = 0
  for _, spec in ipairs(t.colspecs) do
    if type(spec[2]) ~= "number" then
      return nil  -- una columna sin ancho: la tabla se deja como está
    end
    suma = suma + spec[2]
  end
  if suma <= 0 or suma >= 1 then
    return nil
  end
  for i, spec in ipairs(t.colspecs) do
    t.colspecs[i] = {spec[1], spec[2] / suma}
  end
  return t
end
