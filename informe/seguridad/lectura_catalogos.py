"""Lo que un proceso agrega a los catálogos en su proceso.yaml (`catalogos.estatus`), validado.

```yaml
catalogos:
  estatus:
    Terminado: Concluido        # un alias: otra forma de escribir un estatus que ya existe
    Cancelado:                  # un estatus nuevo: un registro con todos sus atributos
      orden: 3                  # rango de avance (0 Planeación, 1 En proceso, 2 Concluido)
      color: "#CC79A7"          # de su barra en la gráfica
      terminal: true            # cuenta como concluido en diff y ya no es pendiente
      singular: cancelado       # «1 cancelado»
      plural: cancelados        # «3 cancelados»
      abreviatura: Canc.        # tablas angostas de la terminal (hasta 6 caracteres)
      estilo: magenta           # opcional: estilo de la terminal (por omisión, su color)
      alias: [cancelada]        # opcional
```

Cada problema lleva su línea y columna: un nombre o un alias repetido, una clave desconocida, un atributo
que falta, un color que no es #RRGGBB, una abreviatura que no cabe.
"""

from __future__ import annotations

import re

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..lector import FALLA, Lector
from . import catalogos as cat

ATRIBUTOS = {"orden": True, "color": True, "terminal": True, "singular": True, "plural": True, "abreviatura": True,
             "estilo": False, "alias": False}
ABREVIATURA_MAXIMA = 6  # la matriz de diff lleva siete columnas de cifras en 80 de ancho
# el nombre es la etiqueta de su barra (no se parte: uno de 300 caracteres ensanchaba la gráfica a 4000
# píxeles y tapaba las demás) y la fila de la matriz de diff en la terminal (24 columnas)
NOMBRE_MAXIMO = 24
AGREGADOS_MAXIMO = 4  # la matriz de diff: los de base, estos, «desaparecido» y el total, abreviados, en 80
# entradas de `catalogos.estatus` y de `catalogos.entidades`: un proceso real usa unas decenas
ENTRADAS_MAXIMO = 200
_COLOR = re.compile(r"\A#[0-9A-Fa-f]{6}\Z")
# palabras que ya significan algo donde aparecen los estatus: filas y columnas de diff, `--estatus pendientes`
RESERVADOS = ("nuevo", "desaparecido", "total", "pendiente", "pendientes")


def _valor(x):
    return None if x is FALLA else x


def _nulo(nodo: Node | None) -> bool:
    return nodo is None or (isinstance(nodo, ScalarNode) and nodo.tag == "tag:yaml.org,2002:null")


def _se_escribe_tal_cual(texto: str) -> bool:
    """Si la JLE puede escribir `estatus: <texto>` como lo dicen sus instrucciones: «Cancelado #2» se leía
    «Cancelado» (lo demás es comentario) y «C: x» o «"q» rompían su archivo."""
    import yaml

    try:
        nodo = yaml.compose(f"estatus: {texto}")
    except yaml.YAMLError:
        return False
    valor = nodo.value[0][1] if isinstance(nodo, MappingNode) and len(nodo.value) == 1 else None
    return isinstance(valor, ScalarNode) and not valor.style and valor.value == texto


class _Ocupados:
    """Lo que ya está tomado: formas de nombre y alias, órdenes y abreviaturas (de base y agregados)."""

    def __init__(self, base: cat.Catalogos):
        self.formas = base.alias_estatus()
        self.formas.update({cat.normalizar(e.nombre): e.nombre for e in base.registros})
        self.ordenes = {e.orden: e.nombre for e in base.registros}
        self.abreviaturas = {cat.normalizar(e.abreviatura): e.nombre for e in base.registros}

    def forma(self, lector: Lector, nodo: Node, texto: str, donde: str, de: str) -> bool:
        """Si `texto` (nombre o alias de `de`) está libre; si no, el problema con su línea."""
        clave = cat.normalizar(texto)
        if not clave.strip():
            # un alias vacío volvía «estatus: ""» de una JLE un estatus (contaba como Concluido, sin aviso)
            lector.reportar(nodo, "catalogo-invalido", f"{donde}: un nombre vacío no nombra ningún estatus.",
                            "Escriba el nombre, o quite la entrada.")
            return False
        if not _se_escribe_tal_cual(texto):
            lector.reportar(nodo, "catalogo-invalido", f"{donde}: «{texto[:40]}» no se puede escribir tal cual en el "
                                                       "archivo de una JLE: YAML lo leería de otra forma.",
                            "Use letras, espacios y puntos; sin «: », « #», comillas ni signos al inicio.")
            return False
        if clave in RESERVADOS:
            lector.reportar(nodo, "catalogo-invalido", f"{donde}: «{texto}» ya significa otra cosa en diff o en "
                                                       "`informe acuerdos --estatus`.", "Use otro nombre.")
            return False
        previo = self.formas.get(clave)
        if previo is not None and previo != de:
            lector.reportar(nodo, "catalogo-duplicado", f"{donde}: «{texto}» ya es el estatus «{previo}» o uno de "
                                                        "sus alias.", "Use otro nombre, o quite la entrada.")
            return False
        self.formas[clave] = de
        return True


def leer_estatus(lector: Lector, nodo: Node | None) -> tuple[dict[str, str], tuple[cat.Estatus, ...]]:
    """`catalogos.estatus`: sus alias (alias → nombre canónico) y sus estatus nuevos. Primero los estatus
    nuevos, para que un alias pueda nombrar a uno de ellos."""
    if _nulo(nodo):
        return {}, ()
    if not isinstance(nodo, MappingNode):
        lector.reportar(nodo, "tipo-invalido", "catalogos.estatus: se esperaba un mapa de «alias: estatus» o de "
                                               "«estatus: {atributos}».")
        return {}, ()
    if not lector.cabe(nodo, "catalogos.estatus", ENTRADAS_MAXIMO):
        return {}, ()
    ocupados = _Ocupados(cat.BASE)
    entradas = [(k, v) for k, v in nodo.value if _clave_legible(lector, k, v)]
    nuevos = [(k, e) for k, v in entradas if isinstance(v, MappingNode)
              for e in [_estatus_nuevo(lector, k, v, ocupados)] if e is not None]
    if len(nuevos) > AGREGADOS_MAXIMO:
        # con más, la matriz de diff no cabe en 80 columnas ni abreviada (y con 2,000 no terminaba)
        lector.reportar(nuevos[AGREGADOS_MAXIMO][0], "catalogo-invalido",
                        f"catalogos.estatus: hay {len(nuevos):,} estatus nuevos; el máximo es {AGREGADOS_MAXIMO}.",
                        "Deje los que el proceso usa; los demás pueden ser alias de un estatus (Terminado: Concluido).")
        return {}, ()
    agregados = tuple(e for _, e in nuevos)
    simples = [(k, v) for k, v in entradas if not isinstance(v, MappingNode)]
    return _alias_de_entradas(lector, simples, agregados, ocupados), agregados


def _alias_de_entradas(lector: Lector, entradas: list[tuple[ScalarNode, Node]], agregados: tuple[cat.Estatus, ...],
           ocupados: _Ocupados) -> dict[str, str]:
    """Las entradas «alias: estatus»: después de los estatus nuevos, para que un alias pueda nombrar a uno."""
    catalogos = cat.Catalogos(agregados=agregados)
    alias = {}
    for k, v in entradas:
        donde = f"catalogos.estatus.{k.value}"
        if _nulo(v):
            lector.reportar(v, "campo-requerido", f"{donde}: está vacío.",
                            "Escriba el estatus que nombra (Terminado: Concluido) o sus atributos (docs/datos.md, "
                            "«Agregar un estatus»).")
            continue
        canonico = _valor(lector.opcion(v, donde, catalogos.estatus, catalogos.nombres(), "estatus-desconocido"))
        if isinstance(canonico, str) and ocupados.forma(lector, k, k.value, donde, canonico):
            alias[k.value] = canonico
    return alias


def _clave_legible(lector: Lector, clave: Node, valor: Node) -> bool:
    """Una entrada cuya clave es un nombre (`Lector.nombre`); `? [a]: …` se decía nada y se ignoraba."""
    if isinstance(clave, ScalarNode):
        return lector.nombre(clave, f"catalogos.estatus.{clave.value[:40]}")
    lector.reportar(clave, "tipo-invalido", "catalogos.estatus: la clave de una entrada debe ser el nombre de un "
                                            "estatus, no una lista ni un mapa.")
    return False


def _estatus_nuevo(lector: Lector, clave: ScalarNode, nodo: MappingNode, ocupados: _Ocupados) -> cat.Estatus | None:
    nombre = " ".join(clave.value.split())
    donde = f"catalogos.estatus.{nombre}"
    campos = lector.mapa(nodo, ATRIBUTOS, donde)
    if campos is None or not ocupados.forma(lector, clave, nombre, donde, nombre):
        return None
    if len(nombre) > NOMBRE_MAXIMO:
        lector.reportar(clave, "catalogo-invalido", f"catalogos.estatus.{nombre[:NOMBRE_MAXIMO]}…: el nombre tiene {len(nombre)} caracteres; el "
                                                    f"máximo es {NOMBRE_MAXIMO}.",
                        "Use un nombre corto, como los de base (Planeación, En proceso, Concluido): es la etiqueta "
                        "de su barra en la gráfica.")
        return None
    orden = _orden(lector, campos.get("orden"), donde, nombre, ocupados)
    color = _color(lector, campos.get("color"), f"{donde}.color")
    terminal = _valor(lector.booleano(campos.get("terminal"), f"{donde}.terminal"))
    for clave, valor in (("orden", orden), ("terminal", terminal)):
        _vacio(lector, campos.get(clave), valor, f"{donde}.{clave}")
    singular, plural = (_valor(lector.texto(campos.get(k), f"{donde}.{k}", "campo-requerido"))
                        for k in ("singular", "plural"))
    abreviatura = _abreviatura(lector, campos.get("abreviatura"), f"{donde}.abreviatura", nombre, ocupados)
    estilo = _estilo(lector, campos.get("estilo"), f"{donde}.estilo")
    alias = _alias(lector, campos.get("alias"), f"{donde}.alias", nombre, ocupados)
    valores = (orden, color, terminal, singular, plural, abreviatura, estilo, alias)
    if any(v is None for v in valores):
        return None
    return cat.Estatus(nombre, orden, color, terminal, singular, plural, abreviatura, estilo, alias)


def _vacio(lector: Lector, nodo: Node | None, valor, donde: str) -> None:
    """`orden:` o `terminal:` sin valor: el lector de números y de booleanos lo toma por «no dicho», y el
    estatus se perdía callado (la JLE que lo escribía leía «no está en el catálogo»)."""
    if valor is None and nodo is not None and _nulo(nodo):
        lector.reportar(nodo, "campo-requerido", f"{donde}: está vacío.", "Escriba su valor: el estatus lo necesita.")


def _orden(lector: Lector, nodo: Node | None, donde: str, nombre: str, ocupados: _Ocupados) -> int | None:
    orden = _valor(lector.entero(nodo, f"{donde}.orden"))
    if orden is not None and orden in ocupados.ordenes:
        lector.reportar(nodo, "catalogo-duplicado", f"{donde}.orden: {orden} ya es el orden de "
                                                    f"«{ocupados.ordenes[orden]}».",
                        "Cada estatus lleva su propio orden de avance: use uno que no esté tomado.")
        return None
    if orden is not None:
        ocupados.ordenes[orden] = nombre
    return orden


def _color(lector: Lector, nodo: Node | None, donde: str) -> str | None:
    texto = _valor(lector.texto(nodo, donde, "campo-requerido"))
    if isinstance(texto, str) and not _COLOR.match(texto.strip()):
        lector.reportar(nodo, "catalogo-invalido", f"{donde}: «{texto[:40]}» no es un color #RRGGBB.",
                        "Escriba el color entre comillas, como \"#CC79A7\" (las comillas evitan que YAML lea un "
                        "comentario).")
        return None
    return texto.strip().upper() if isinstance(texto, str) else None


def _abreviatura(lector: Lector, nodo: Node | None, donde: str, nombre: str, ocupados: _Ocupados) -> str | None:
    texto = _valor(lector.texto(nodo, donde, "campo-requerido"))
    if not isinstance(texto, str):
        return None
    texto = texto.strip()
    if not texto.isprintable():
        # una marca de dirección o un control no se ve: decir «tiene 2 caracteres» no explicaba el rechazo
        lector.reportar(nodo, "catalogo-invalido", f"{donde}: «{texto[:40].encode('unicode_escape').decode()}» "
                                                   "lleva un carácter que no se ve (control o marca de dirección).",
                        "Escríbala de nuevo solo con letras y un punto, como Plan., Proc. o Conc.")
        return None
    if len(texto) > ABREVIATURA_MAXIMA:
        lector.reportar(nodo, "catalogo-invalido", f"{donde}: «{texto[:40]}» tiene {len(texto)} caracteres; el "
                                                   f"máximo es {ABREVIATURA_MAXIMA}.",
                        "Abrévielo como los de base (Plan., Proc., Conc.): así la tabla de diff cabe en 80 columnas.")
        return None
    previo = ocupados.abreviaturas.get(cat.normalizar(texto))
    if previo is not None:
        lector.reportar(nodo, "catalogo-duplicado", f"{donde}: «{texto}» ya es la abreviatura de «{previo}».",
                        "Use otra: en las tablas de la terminal no se distinguirían.")
        return None
    ocupados.abreviaturas[cat.normalizar(texto)] = nombre
    return texto


def _estilo(lector: Lector, nodo: Node | None, donde: str) -> str | None:
    """Opcional: un estilo de Rich («magenta», «bold red», «#CC79A7»); vacío si no se da."""
    texto = _valor(lector.texto(nodo, donde))
    if texto is None:
        return "" if nodo is None or _nulo(nodo) else None
    from rich.errors import StyleSyntaxError
    from rich.style import Style

    try:
        Style.parse(texto)
    except StyleSyntaxError:
        lector.reportar(nodo, "catalogo-invalido", f"{donde}: «{texto[:40]}» no es un estilo de la terminal.",
                        "Use un color como magenta, bright_blue o \"#CC79A7\"; o quite la clave (vale su color).")
        return None
    return texto


def leer_alias_entidades(lector: Lector, nodo: Node | None) -> dict[str, str]:
    """`catalogos.entidades`: alias → abreviatura de la entidad que nombra. Un alias nunca puede ser el nombre,
    la abreviatura, la clave o un alias fijo de otra entidad (`Jalisco: Colima` guardaba el envío de Jalisco
    como colima.yaml e imprimía sus acuerdos bajo Colima), ni repetirse para dos entidades."""
    from ..entidades import indice

    def entidad(valor: Node, donde: str):
        texto = _valor(lector.texto(valor, donde, "descripcion-vacia"))
        hallada = cat.buscar_entidad(texto) if isinstance(texto, str) else None
        if isinstance(texto, str) and hallada is None:
            lector.reportar(valor, "entidad-desconocida", f"{donde}: «{texto[:40]}» no está en el catálogo.")
        return hallada.abreviatura if hallada else None

    alias = lector.pares(nodo, "catalogos.entidades", entidad, ENTRADAS_MAXIMO)
    vistos: dict[str, str] = {}
    for k, _ in (nodo.value if alias else ()):
        if not isinstance(k, ScalarNode) or k.value not in alias:
            continue
        clave, destino = cat.normalizar(k.value), alias[k.value]
        propia = indice().get(clave)
        otra = propia.abreviatura if propia is not None and propia.abreviatura != destino else vistos.get(clave)
        if otra is not None and otra != destino:
            lector.reportar(k, "alias-de-otra-entidad",
                            f"catalogos.entidades.{k.value}: «{k.value}» ya nombra a {cat.POR_ABREVIATURA[otra].corto}; "
                            f"no puede ser un alias de {cat.POR_ABREVIATURA[destino].corto}.",
                            "Quite la entrada: el nombre de una entidad no se reasigna a otra.")
            del alias[k.value]
            continue
        vistos[clave] = destino
    return alias


def _alias(lector: Lector, nodo: Node | None, donde: str, nombre: str, ocupados: _Ocupados) -> tuple[str, ...] | None:
    if _nulo(nodo):
        return ()
    if not isinstance(nodo, SequenceNode):
        lector.reportar(nodo, "tipo-invalido", f"{donde}: se esperaba una lista (como [cancelada, anulado]).")
        return None
    alias = []
    for i, elemento in enumerate(nodo.value):
        texto = _valor(lector.texto(elemento, f"{donde}[{i + 1}]", "descripcion-vacia"))
        if isinstance(texto, str) and ocupados.forma(lector, elemento, texto, f"{donde}[{i + 1}]", nombre):
            alias.append(texto)
    return tuple(alias)
