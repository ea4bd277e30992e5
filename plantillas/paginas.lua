-- PDF (Typst): cómo se reparte el informe en páginas. Lo que la plantilla (informe.typ) no puede decidir
-- sola porque depende de la tabla o del párrafo:
--
-- * Una nota al pie va en la página de su llamada. Typst (0.14) recuerda la nota de un renglón que el
--   control de viudas y huérfanas pasa a la página siguiente y la imprime en la anterior (la nota 3 del
--   Quinto, al pie de la página 6 con su llamada en la 7; typst/typst#5314): el párrafo que lleva una nota
--   se parte donde caiga, sin ese control.
-- * Una fila de tabla no se parte entre páginas (la continuación dejaba la celda de Entidad vacía), salvo la
--   que no cabría ni en una página entera: esa se parte para que se imprima completa.
-- * La fila «Total» no empieza sola una página: va con la fila anterior (las dos como pie de la tabla, que
--   Typst compone juntas y no repite).
-- * Una tabla no empieza al pie de una página con menos de tres filas (o sin toda ella, si es corta): antes
--   va `#reservar` con la tabla recortada, que mide su leyenda, su encabezado y esas filas.
-- * Una columna de vínculos (la tabla imprime la dirección completa, en letra de 7 pt) es tan ancha como el
--   tramo más largo de sus direcciones entre separadores (/ . - ?): la dirección se parte solo en ellos.

if FORMAT ~= "typst" then
  return {}
end

local stringify = pandoc.utils.stringify

-- ---------------------------------------------------------------- notas al pie

local function sin_control_si_lleva_nota(el)
  local con_nota = false
  el:walk({ Note = function() con_nota = true end })
  if not con_nota then
    return nil
  end
  return {
    pandoc.RawBlock("typst", "#[#set text(costs: (orphan: 0%, widow: 0%))"),
    el,
    pandoc.RawBlock("typst", "]"),
  }
end

-- Un párrafo, o el texto de un elemento de lista o de una celda (Plain)
Para = sin_control_si_lleva_nota
Plain = sin_control_si_lleva_nota

-- ---------------------------------------------------------------- tablas

-- Anchos de Liberation Sans (los de Arial), en milésimas de em: el ancho de una dirección se calcula aquí
-- porque pandoc escribe los anchos de columna como porcentajes fijos.
local ANCHOS = {}
for c, w in pairs({ a = 556, b = 556, c = 500, d = 556, e = 556, f = 278, g = 556, h = 556, i = 222, j = 222,
  k = 500, l = 222, m = 833, n = 556, o = 556, p = 556, q = 556, r = 333, s = 500, t = 278, u = 556, v = 500,
  w = 722, x = 500, y = 500, z = 500, A = 667, B = 667, C = 722, D = 722, E = 667, F = 611, G = 778, H = 722,
  I = 278, J = 500, K = 667, L = 556, M = 833, N = 722, O = 778, P = 667, Q = 778, R = 722, S = 667, T = 611,
  U = 722, V = 667, W = 944, X = 667, Y = 667, Z = 611, ["/"] = 278, ["."] = 278, ["-"] = 333, ["?"] = 556,
  ["="] = 584, ["_"] = 556, ["&"] = 667, [":"] = 278, ["%"] = 889, ["#"] = 556, ["~"] = 584, ["+"] = 584 }) do
  ANCHOS[c] = w
end
for d = 0, 9 do
  ANCHOS[tostring(d)] = 556
end

local ANCHO_TEXTO = 470  -- pt: carta menos 2.5 cm por lado
local LETRA_URL = 7      -- pt: la letra de una dirección en una tabla (informe.typ)
local LETRA_TABLA = 9    -- pt
local MARGEN_CELDA = 12  -- pt: 5 pt por lado (inset) y un poco de holgura

local function ancho_pt(texto, letra)
  local milesimas = 0
  for _, codigo in utf8.codes(texto) do
    milesimas = milesimas + (ANCHOS[utf8.char(codigo)] or 600)
  end
  return milesimas * letra / 1000
end

-- El tramo más ancho de una dirección entre sus separadores (ahí se puede partir).
local function tramo_mas_ancho(url)
  local mayor = 0
  for tramo in url:gmatch("[^/.?-]*[/.?-]?") do
    mayor = math.max(mayor, ancho_pt(tramo, LETRA_URL))
  end
  return mayor
end

local function filas(tbl)
  local todas = {}
  for _, cuerpo in ipairs(tbl.bodies) do
    for _, fila in ipairs(cuerpo.body) do
      table.insert(todas, fila)
    end
  end
  return todas
end

-- Lo mínimo que pide cada columna (pt): la palabra más ancha, o el tramo más ancho de sus direcciones.
local function minimos(tbl)
  local pide, con_vinculo = {}, {}
  local function medir(fila, letra)
    for j, celda in ipairs(fila.cells) do
      celda.contents:walk({
        traverse = "topdown",
        Link = function(l)  -- la tabla imprime la dirección, no el texto del vínculo
          con_vinculo[j] = true
          pide[j] = math.max(pide[j] or 0, tramo_mas_ancho(l.target))
          return nil, false
        end,
        Str = function(s)
          pide[j] = math.max(pide[j] or 0, ancho_pt(s.text, letra))
        end,
      })
    end
  end
  for _, fila in ipairs(tbl.head.rows) do
    medir(fila, LETRA_TABLA * 1.08)  -- el encabezado va en negritas
  end
  for _, fila in ipairs(filas(tbl)) do
    medir(fila, LETRA_TABLA)
  end
  return pide, con_vinculo
end

-- Una tabla con vínculos: cada columna al menos tan ancha como lo que pide; lo que falta se toma de las
-- columnas con holgura, en proporción a ella. Si no alcanza (una dirección de Facebook lleva un tramo de 70
-- caracteres), las demás columnas quedan en su mínimo, las de vínculos toman el resto y la letra de las
-- direcciones baja hasta LETRA_URL_MINIMA; por debajo de eso Typst parte el tramo donde ya no cabe.
-- Devuelve la letra de las direcciones de la tabla, o nil si no tiene vínculos.
local LETRA_URL_MINIMA = 6

local function anchos_minimos(tbl, pide, con_vinculo)
  local minimo = {}
  for j, spec in ipairs(tbl.colspecs) do
    if type(spec[2]) ~= "number" then
      return nil  -- columnas sin ancho: Typst las reparte
    end
    minimo[j] = ((pide[j] or 0) + MARGEN_CELDA) / ANCHO_TEXTO
  end
  return minimo
end

local function repartir(tbl, minimo)
  local faltan, holgura = 0, 0
  for j, spec in ipairs(tbl.colspecs) do
    faltan = faltan + math.max(minimo[j] - spec[2], 0)
    holgura = holgura + math.max(spec[2] - minimo[j], 0)
  end
  for j, spec in ipairs(tbl.colspecs) do
    local sobra = spec[2] - minimo[j]
    tbl.colspecs[j] = { spec[1], sobra > 0 and spec[2] - faltan * sobra / holgura or minimo[j] }
  end
end

local function ensanchar(tbl)
  -- medir cada palabra cuesta (el anexo de acuerdos: 320 filas); solo hace falta si la tabla tiene vínculos
  local hay_vinculos = false
  tbl:walk({ Link = function() hay_vinculos = true end })
  if not hay_vinculos then
    return nil
  end
  local pide, con_vinculo = minimos(tbl)
  if next(con_vinculo) == nil then
    return nil
  end
  local minimo = anchos_minimos(tbl, pide, con_vinculo)
  if not minimo then
    return LETRA_URL
  end
  local suma, de_vinculos = 0, 0
  for j, m in ipairs(minimo) do
    suma = suma + m
    if con_vinculo[j] then de_vinculos = de_vinculos + m end
  end
  if suma <= 1 then
    repartir(tbl, minimo)
    return LETRA_URL
  end
  -- lo que queda para los vínculos, en proporción a lo que pide cada columna
  local queda = 1 - (suma - de_vinculos)
  if queda <= 0 then
    return LETRA_URL
  end
  for j, spec in ipairs(tbl.colspecs) do
    tbl.colspecs[j] = { spec[1], con_vinculo[j] and minimo[j] * queda / de_vinculos or minimo[j] }
  end
  return math.max(LETRA_URL * queda / de_vinculos, LETRA_URL_MINIMA)
end

-- Renglones que ocuparía la fila (a lo más), con la letra de la tabla y el ancho de cada columna.
local function renglones(fila, colspecs)
  local mayor = 0
  for j, celda in ipairs(fila.cells) do
    local ancho = colspecs[j] and type(colspecs[j][2]) == "number" and colspecs[j][2] or 1 / #colspecs
    local por_renglon = math.max((ancho * ANCHO_TEXTO - 10) / (LETRA_TABLA * 0.47), 1)
    local n = 0
    for _, bloque in ipairs(celda.contents) do  -- medio renglón entre párrafos
      n = n + math.ceil(math.max(utf8.len(stringify(bloque)) or 0, 1) / por_renglon) + 0.5
    end
    mayor = math.max(mayor, n)
  end
  return mayor
end

-- Una página de texto tiene unos 50 renglones de tabla (9 pt, 12 pt de alto): una fila de más de 40 (la
-- estimación se pasa, no se queda corta: medio em por letra) podría no caber con su encabezado, y se deja
-- partir. Una fila inseparable más alta que la página se recortaría: se perdería texto.
local RENGLONES_MAXIMOS = 40

local function filas_enteras(tbl)
  for _, fila in ipairs(filas(tbl)) do
    if renglones(fila, tbl.colspecs) <= RENGLONES_MAXIMOS then
      for _, celda in ipairs(fila.cells) do
        celda.attributes["typst:breakable"] = "false"
      end
    end
  end
end

local function total_con_la_anterior(tbl)
  local cuerpo = tbl.bodies[#tbl.bodies]
  local n = cuerpo and #cuerpo.body or 0
  if n < 3 or #tbl.foot.rows > 0 or not stringify(cuerpo.body[n].cells[1].contents):match("^Total") then
    return
  end
  tbl.foot.rows = { cuerpo.body[n - 1], cuerpo.body[n] }
  cuerpo.body[n] = nil
  cuerpo.body[n - 1] = nil
end

-- Cuántas filas del cuerpo deben caber con la leyenda y el encabezado al empezar la tabla.
local FILAS_AL_EMPEZAR = 3
local TABLA_CORTA = 4  -- una de cinco ya puede partirse tres y dos

local function recortada(tbl)
  local copia = tbl:clone()
  local todas = filas(copia)
  if #todas + #copia.foot.rows <= TABLA_CORTA then
    return copia
  end
  copia.foot.rows = {}
  local primero = copia.bodies[1]
  copia.bodies = { primero }
  while #primero.body > FILAS_AL_EMPEZAR do
    table.remove(primero.body)
  end
  return copia
end

-- ---------------------------------------------------------------- notas de tabla

-- La nota de una tabla (un bloque «nota-tabla» justo después de ella: una fecha corregida, una errata, las
-- abreviaturas de sus columnas) va en el pie de la tabla, con su última fila: Typst compone el pie entero en
-- una página, y la nota ya no queda sola en la siguiente (la de la Octava, sola en la página 12 del Séptimo).
local function es_nota(bloque)
  return bloque and bloque.t == "Div" and bloque.classes:includes("nota-tabla")
end

local function con_su_nota(tbl, nota)
  if #tbl.foot.rows == 0 then
    local cuerpo = tbl.bodies[#tbl.bodies]
    local n = cuerpo and #cuerpo.body or 0
    if n > 0 then
      tbl.foot.rows = { cuerpo.body[n] }
      cuerpo.body[n] = nil
    end
  end
  -- una lista de pares y no una tabla de Lua: el orden de `pairs` cambia de una corrida a otra, y con él los
  -- bytes del PDF
  local sin_marco = pandoc.Attr("", {}, {
    { "typst:stroke", "(left: none, right: none, bottom: none)" },
    { "typst:inset", "(x: 0pt, top: 6pt, bottom: 0pt)" },
  })
  local filas_pie = tbl.foot.rows
  table.insert(filas_pie, pandoc.Row({ pandoc.Cell(nota.content, "AlignDefault", 1, #tbl.colspecs, sin_marco) }))
  tbl.foot.rows = filas_pie
end

-- Corre después de `Table` (pandoc aplica los filtros de bloques antes que el de listas de bloques): entre la
-- tabla y su nota solo puede haber los bloques crudos que `Table` agrega.
function Blocks(bloques)
  -- casi ninguna lista de bloques tiene una nota de tabla: devolver nil la deja como está, sin copiarla
  local alguna = false
  for _, bloque in ipairs(bloques) do
    if bloque.t == "Div" and es_nota(bloque) then
      alguna = true
      break
    end
  end
  if not alguna then
    return nil
  end
  local salida = pandoc.Blocks({})
  local i = 1
  while i <= #bloques do
    local bloque = bloques[i]
    if bloque.t == "Table" then
      local j = i + 1
      while bloques[j] and bloques[j].t == "RawBlock" do
        j = j + 1
      end
      if es_nota(bloques[j]) then
        con_su_nota(bloque, bloques[j])
        for k = i, j - 1 do
          salida:insert(k == i and bloque or bloques[k])
        end
        i = j + 1
      else
        salida:insert(bloque)
        i = i + 1
      end
    else
      salida:insert(bloque)
      i = i + 1
    end
  end
  return salida
end

function Table(tbl)
  local letra_url = ensanchar(tbl)
  filas_enteras(tbl)
  total_con_la_anterior(tbl)
  local medida = pandoc.write(pandoc.Pandoc({ recortada(tbl) }), "typst")
  local bloques = { pandoc.RawBlock("typst", "#reservar[\n" .. medida .. "\n]"), tbl }
  if letra_url then
    table.insert(bloques, 1, pandoc.RawBlock("typst", string.format("#[#show link: set text(size: %.1fpt)", letra_url)))
    table.insert(bloques, pandoc.RawBlock("typst", "]"))
  end
  return bloques
end
