-- La frontera de pandoc: corre antes que cualquier otro filtro, sobre todo el documento.
-- Una imagen solo puede ser una copia que la herramienta dejó junto al informe (gráficas e imágenes de
-- los textos: «graficas-AAAA-MM/x.png», «imagenes-AAAA-MM/x.png»), que pandoc busca solo en la carpeta
-- temporal de --resource-path: nada de rutas absolutas, «..», ni direcciones de red. Ningún bloque o
-- elemento crudo (```{=openxml}```, `x`{=typst}, HTML) viene del Markdown: los de la herramienta los
-- agregan filtros posteriores. Validar ya rechaza todo esto con su línea; esto es la segunda barrera.

local function permitida(src)
  if src:find("%.%.") or src:find("^/") or src:find(":") or src:find("\\") then
    return false
  end
  local carpeta = src:match("^graficas%-%d%d%d%d%-%d%d/[%w_%-]+%.%a+$") or
      src:match("^imagenes%-%d%d%d%d%-%d%d/[%w_%-]+%.%a+$")
  return carpeta ~= nil and (src:match("%.png$") ~= nil or src:match("%.jpe?g$") ~= nil)
end

function Image(el)
  if not permitida(el.src) then
    error("informe: imagen no permitida en el informe: " .. el.src)
  end
end

function RawBlock(el)
  error("informe: bloque crudo {=" .. el.format .. "} en el Markdown")
end

function RawInline(el)
  error("informe: elemento crudo {=" .. el.format .. "} en el Markdown")
end
