-- PDF (Typst): ninguna palabra llega sin dónde partirse.
--
-- Typst compone en tiempo cuadrático una palabra que no puede partir: un envío aceptado con 60 acuerdos de
-- una sola palabra de 20,000 caracteres llevaba el PDF de 2 s a 51 s (y a unos 6 minutos en el tope de 8 MiB
-- de un archivo). Cada tramo de más de LARGO caracteres sin espacio recibe un espacio de ancho cero (U+200B)
-- cada TRAMO caracteres: no se ve, no cambia el texto que se copia salvo por ese carácter, y Typst puede
-- partir la línea ahí. El Markdown y el DOCX no pasan por este filtro (Word parte las palabras largas solo).

-- Un vínculo no se toca: su texto es la dirección (la plantilla de Typst la parte en / . - ? y compara el
-- texto con el destino para decidir si imprime la dirección aparte; un U+200B dentro la duplicaba).
traverse = "topdown"

function Link(el)
  return el, false
end

local LARGO = 60
local TRAMO = 30
local ZWSP = "\u{200B}"

local function partir(texto)
  local n = utf8.len(texto)
  if n == nil or n <= LARGO then
    return nil
  end
  local partes, actual, cuenta = {}, {}, 0
  for _, codigo in utf8.codes(texto) do
    table.insert(actual, utf8.char(codigo))
    cuenta = cuenta + 1
    if cuenta == TRAMO then
      table.insert(partes, table.concat(actual))
      actual, cuenta = {}, 0
    end
  end
  if cuenta > 0 then
    table.insert(partes, table.concat(actual))
  end
  return table.concat(partes, ZWSP)
end

function Str(el)
  local partido = partir(el.text)
  if partido then
    return pandoc.Str(partido)
  end
  return nil
end

function Code(el)
  local partido = partir(el.text)
  if partido then
    return pandoc.Code(partido, el.attr)
  end
  return nil
end
