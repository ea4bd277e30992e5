"""El lector tipado: interpreta cada nodo según el campo que ocupa y acumula los problemas.

Sin dominio: las familias declaran sus campos (`mapa`) y piden texto, fechas, enteros u opciones de
sus catálogos; cada problema sale con archivo, línea y columna.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Callable

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .escritura import describir
from .glifos import SUGERENCIA_AJENO, SUGERENCIA_SIN_GLIFO, mensaje_ajeno, mensaje_sin_glifo, sin_glifo_y_ajeno
from .lengua import normalizar, parecido
from .problemas import Problema, problema
from .yaml_seguro import (ETIQUETA_BOOLEANO, ETIQUETA_DECIMAL, ETIQUETA_ENTERO, ETIQUETA_NULO, LIMITE_POR_CODIGO,
                          TEXTO_MAXIMO, problema_en)

# AAAA-MM-DD con cifras ASCII y dos cifras de mes y día: «\d» aceptaría cifras de ancho completo (２０２４) y
# «\d{1,2}» «2024-4-2», que YAML 1.1 no lee como fecha y la plantilla nunca escribe.
_FECHA = re.compile(r"\A([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")


def sugerir_fecha(texto: str, inicio: date | None = None, fin: date | None = None) -> str:
    """Qué escribir en lugar de una fecha que no es AAAA-MM-DD: la que se lee día y mes primero, como se
    escribe en México («05/02/2024» es el 5 de febrero), con su forma AAAA-MM-DD; con el periodo, si cae
    fuera de él se dice, y el ejemplo es una fecha del periodo."""
    from .lengua import MESES, fecha_mexicana

    def fecha_larga(d: date) -> str:
        return f"{d.day} de {MESES[d.month - 1]} de {d.year}"

    anios = tuple(dict.fromkeys(a.year for a in (fin, inicio) if a is not None))
    leida = fecha_mexicana(texto, anios)
    if leida is None:
        ejemplo = f", como {fin.isoformat()} ({fecha_larga(fin)})" if fin else ""
        return f"Escriba la fecha como AAAA-MM-DD (año, mes y día){ejemplo}, con cifras comunes."
    fuera = ""
    if inicio and fin and not inicio <= leida <= fin:
        fuera = f" Esa fecha está fuera del periodo (del {fecha_larga(inicio)} al {fecha_larga(fin)}): revísela."
    return f"Si es el {fecha_larga(leida)}, escríbala como {leida.isoformat()} (año, mes y día).{fuera}"
_ENTERO = re.compile(r"\A(0|[1-9][0-9]*)\Z")  # ASCII y sin «\n» final: «²» o «１» no son cifras

# --------------------------------------------------------------------------- lector de campos

# Una palabra sin espacios más larga que esto ensancha su columna en cada fila de la tabla de cuadrícula del
# Markdown y pandoc la lee en tiempo cuadrático: 20 acuerdos de una palabra de 19,000 caracteres daban 5.6 MB
# de Markdown y 4 minutos de PDF. La dirección web más larga de los anexos publicados no llega a 150.
PALABRA_MAXIMA = 300
_PALABRA_LARGA = re.compile(r"\S{%d,}" % (PALABRA_MAXIMA + 1))
PARES_MAXIMO = 1_000  # entradas de un mapa libre de proceso.yaml (alias, siglas, severidades, textos)
NOMBRE_MAXIMO = 1_000  # caracteres de un nombre (una clave de esos mapas); cada catálogo acota más el suyo

class Falla:
    """El tipo de FALLA, el valor centinela: el campo estaba, pero no se pudo interpretar (ya hay un problema)."""

    def __repr__(self) -> str:  # pragma: no cover
        return "FALLA"


FALLA = Falla()


def _clave_canonica(texto: str) -> str:
    return normalizar(texto).replace(" ", "_")


class Lector:
    """Interpreta nodos según el campo que ocupan y acumula los problemas."""

    def __init__(self, archivo: str, contexto: object = None):
        self.archivo = archivo
        self.contexto = contexto  # lo que la familia pasa a su lectura (sus catálogos con los alias del proceso)
        self.problemas: list[Problema] = []
        self._cuentas: dict[str, int] = {}

    def contar(self, codigo: str) -> bool:
        """Cuenta un problema de `codigo`; True si todavía se lista (los primeros LIMITE_POR_CODIGO).

        Un archivo hostil pequeño (1 MB de claves desconocidas) daría cientos de miles de problemas,
        cada uno con su sugerencia: nadie los lee y calcularlos cuesta minutos. Quien llama pregunta
        antes de armar el mensaje; lo que no se lista lo resume `omitidos`.
        """
        self._cuentas[codigo] = self._cuentas.get(codigo, 0) + 1
        return self._cuentas[codigo] <= LIMITE_POR_CODIGO

    def reportar(self, nodo: Node, codigo: str, mensaje: str, sugerencia: str | None = None,
                 severidad: str | None = None) -> None:
        if self.contar(codigo):
            self.problemas.append(problema_en(nodo, self.archivo, codigo, mensaje, sugerencia, severidad))

    def omitidos(self) -> list[Problema]:
        """Una línea por código con lo que se dejó de listar."""
        return [problema(self.archivo, None, None, codigo,
                         f"… y {n - LIMITE_POR_CODIGO:,} problemas más del mismo tipo en este archivo.",
                         "Corrija los anteriores: suelen tener la misma causa.")
                for codigo, n in sorted(self._cuentas.items()) if n > LIMITE_POR_CODIGO]

    def mapa(self, nodo: Node, campos: dict[str, bool], donde: str) -> dict[str, Node] | None:
        """Valida un mapa: claves conocidas, sin duplicados, obligatorias presentes."""
        if not isinstance(nodo, MappingNode):
            self.reportar(nodo, "tipo-invalido", f"{donde}: se esperaba un mapa de «clave: valor» y hay {describir_nodo(nodo)}.")
            return None
        vistos: dict[str, Node] = {}
        presentes: dict[str, Node] = {}
        for k, v in nodo.value:
            if not isinstance(k, ScalarNode):
                self.reportar(k, "tipo-invalido", f"{donde}: una clave debe ser texto.")
                continue
            clave = k.value if k.value in campos else _clave_canonica(k.value)
            if clave not in campos:
                if self.contar("clave-desconocida"):
                    sugerida = parecido(k.value, list(campos))
                    self.problemas.append(problema_en(k, self.archivo, "clave-desconocida",
                                                      f"{donde}: clave desconocida «{k.value}».",
                                                      f"¿Quiso decir «{sugerida}»?" if sugerida
                                                      else f"Claves válidas: {', '.join(campos)}."))
                continue
            if clave in vistos:
                primera = vistos[clave].start_mark.line + 1
                self.reportar(k, "clave-duplicada", f"{donde}: la clave «{clave}» ya aparece en la línea {primera}.",
                              "Deje una sola; PyYAML conservaría solo la última sin avisar.")
                continue
            vistos[clave] = k
            presentes[clave] = v
        for campo, requerido in campos.items():
            if requerido and campo not in presentes:
                self.reportar(nodo, "campo-requerido", f"{donde}: falta el campo obligatorio «{campo}».")
        return presentes

    def lista(self, nodo: Node, donde: str) -> list[Node] | None | Falla:
        if es_nulo(nodo):
            return None
        if not isinstance(nodo, SequenceNode):
            self.reportar(nodo, "tipo-invalido", f"{donde}: se esperaba una lista (elementos con «- ») y hay {describir_nodo(nodo)}.")
            return FALLA
        return nodo.value

    def texto(self, nodo: Node | None, donde: str, codigo_vacio: str | None = None) -> str | None | Falla:
        if nodo is None or es_nulo(nodo):
            if codigo_vacio and nodo is not None:
                self.reportar(nodo, codigo_vacio, f"{donde}: está vacío.", "Escriba el texto o quite el elemento.")
                return FALLA
            return None
        if not isinstance(nodo, ScalarNode):
            self.reportar(nodo, "tipo-invalido", f"{donde}: se esperaba texto y hay {describir_nodo(nodo)}.")
            return FALLA
        if len(nodo.value) > TEXTO_MAXIMO:
            self.reportar(nodo, "texto-largo", f"{donde}: tiene {len(nodo.value):,} caracteres; el máximo es {TEXTO_MAXIMO:,}.",
                          "Resuma el texto; el detalle puede ir en un oficio aparte.")
            return FALLA
        valor = nodo.value if nodo.style in ("|", ">") else nodo.value.strip()
        if (larga := _PALABRA_LARGA.search(nodo.value)) is not None:
            # es un error, pero el valor se sigue leyendo: lo demás que tenga mal (un id inválido) también se dice
            self._reportar_palabra_larga(nodo, donde, larga)
        sin_glifo, ajeno = sin_glifo_y_ajeno(nodo.value)
        if sin_glifo is not None:
            self._reportar_sin_glifo(nodo, donde, *sin_glifo)
        if ajeno is not None:
            self._reportar_ajeno(nodo, donde, *ajeno)
        if not valor.strip():
            if codigo_vacio:
                self.reportar(nodo, codigo_vacio, f"{donde}: está vacío.", "Escriba el texto o quite el elemento.")
                return FALLA
            return None
        return valor

    @staticmethod
    def _posicion(nodo: ScalarNode, posicion: int) -> tuple[int, int]:
        linea, columna = nodo.start_mark.line + 1, nodo.start_mark.column + 1
        if nodo.start_mark.line == nodo.end_mark.line:  # en una sola línea la columna es exacta
            columna += posicion + (1 if nodo.style in ("'", '"') else 0)
        return linea, columna

    def _reportar_palabra_larga(self, nodo: ScalarNode, donde: str, larga: re.Match) -> None:
        if self.contar("texto-palabra-larga"):
            linea, columna = self._posicion(nodo, larga.start())
            self.problemas.append(problema(
                self.archivo, linea, columna, "texto-palabra-larga",
                f"{donde}: una palabra de {len(larga[0]):,} caracteres sin espacios («{larga[0][:30]}…»); el máximo "
                f"es {PALABRA_MAXIMA}.", "Separe las palabras con espacios; una dirección web muy larga puede ir "
                                         "acortada o en un oficio aparte."))

    def _reportar_sin_glifo(self, nodo: ScalarNode, donde: str, posicion: int, caracter: str) -> None:
        if not self.contar("texto-sin-glifo"):
            return
        linea, columna = self._posicion(nodo, posicion)
        self.problemas.append(problema(self.archivo, linea, columna, "texto-sin-glifo", mensaje_sin_glifo(donde, caracter),
                                      SUGERENCIA_SIN_GLIFO))

    def _reportar_ajeno(self, nodo: ScalarNode, donde: str, posicion: int, caracter: str, motivo: str) -> None:
        linea, columna = self._posicion(nodo, posicion)
        if not self.contar("texto-escritura"):
            return
        self.problemas.append(problema(self.archivo, linea, columna, "texto-escritura",
                                      mensaje_ajeno(donde, nodo.value, posicion, caracter, motivo), SUGERENCIA_AJENO))

    def fecha(self, nodo: Node | None, donde: str) -> date | None | Falla:
        if nodo is None or es_nulo(nodo):
            return None
        if not isinstance(nodo, ScalarNode):
            self.reportar(nodo, "tipo-invalido", f"{donde}: se esperaba una fecha y hay {describir_nodo(nodo)}.")
            return FALLA
        m = _FECHA.match(nodo.value.strip())
        if not m:
            laxa = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", nodo.value.strip())
            self.reportar(nodo, "fecha-invalida", f"{donde}: «{corto(nodo.value)}» no es una fecha AAAA-MM-DD.",
                          f"Escriba {laxa[1]}-{int(laxa[2]):02d}-{int(laxa[3]):02d}, con dos cifras de mes y de día."
                          if laxa else sugerir_fecha(nodo.value))
            return FALLA
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            self.reportar(nodo, "fecha-invalida", f"{donde}: la fecha {nodo.value} no existe.",
                          "Revise el día y el mes.")
            return FALLA

    def entero(self, nodo: Node | None, donde: str, codigo: str = "numero-invalido") -> int | None | Falla:
        if nodo is None or es_nulo(nodo):
            return None
        if not isinstance(nodo, ScalarNode):
            self.reportar(nodo, "tipo-invalido", f"{donde}: se esperaba un número y hay {describir_nodo(nodo)}.")
            return FALLA
        crudo = nodo.value.strip()
        if es_plano(nodo) and _ENTERO.match(crudo):
            if len(crudo) > 9:  # int() de miles de dígitos es lento o falla; ninguna cifra del informe llega ahí
                self.reportar(nodo, codigo, f"{donde}: un número de {len(crudo):,} cifras no es una cifra plausible.",
                              "Revise el valor: ¿se pegó otro dato?")
                return FALLA
            return int(crudo)
        self._reportar_no_entero(nodo, crudo, donde, codigo)
        return FALLA

    def _reportar_no_entero(self, nodo: ScalarNode, crudo: str, donde: str, codigo: str) -> None:
        """Por qué el valor no es un entero no negativo, con lo que hay que escribir en su lugar."""
        if es_plano(nodo) and ":" in crudo and nodo.tag in (ETIQUETA_ENTERO, ETIQUETA_DECIMAL):
            self.reportar(nodo, "yaml-ambiguo",
                          f"{donde}: «{crudo}» se leería en YAML 1.1 como un número sexagesimal.",
                          "Escriba un número entero sin «:».")
        elif re.fullmatch(r"0[0-9_]+", crudo):
            # las cifras sin los ceros como texto: int() de más de 4300 cifras no devuelve un número, falla
            sin_ceros = crudo.replace("_", "").lstrip("0") or "0"
            self.reportar(nodo, codigo, f"{donde}: «{corto(crudo)}» tiene ceros a la izquierda (YAML 1.1 lo leería como octal o texto).",
                          f"Escriba {corto(sin_ceros)} sin ceros a la izquierda.")
        elif crudo.startswith("-") and _ENTERO.match(crudo[1:]):
            self.reportar(nodo, codigo, f"{donde}: «{corto(crudo)}» es negativo.", "Escriba un número mayor o igual a 0.")
        elif not es_plano(nodo) and _ENTERO.match(crudo):
            self.reportar(nodo, codigo, f"{donde}: «{corto(crudo)}» está entre comillas: es texto, no número.",
                          f"Escriba {corto(crudo)} sin comillas.")
        else:
            self.reportar(nodo, codigo, f"{donde}: «{corto(crudo)}» no es un número entero no negativo.",
                          "Escriba solo cifras, sin decimales ni texto.")

    def opcion(self, nodo: Node | None, donde: str, buscar: Callable[[str], str | None],
               opciones: tuple[str, ...], codigo: str) -> str | None | Falla:
        """Un valor de catálogo; devuelve la forma canónica."""
        if nodo is None or es_nulo(nodo):
            return None
        if not isinstance(nodo, ScalarNode):
            self.reportar(nodo, "tipo-invalido", f"{donde}: se esperaba un valor y hay {describir_nodo(nodo)}.")
            return FALLA
        if es_plano(nodo) and nodo.tag == ETIQUETA_BOOLEANO:
            self.reportar(nodo, "yaml-ambiguo",
                          f"{donde}: «{nodo.value}» se leería en YAML 1.1 como valor booleano, no como texto.",
                          f"Use uno de: {', '.join(opciones)}.")
            return FALLA
        hallado = buscar(nodo.value)
        if hallado is None:
            if self.contar(codigo):
                parecida = parecido(nodo.value, opciones)
                self.problemas.append(problema_en(nodo, self.archivo, codigo, f"{donde}: «{corto(nodo.value)}» no está en el catálogo.",
                                                  f"¿Quiso decir «{parecida}»?" if parecida
                                                  else f"Use uno de: {', '.join(opciones)}."))
            return FALLA
        return hallado

    def pares(self, nodo: Node | None, donde: str, valor: Callable, maximo: int = PARES_MAXIMO) -> dict[str, str]:
        """Un mapa libre «clave: valor» (alias, rutas, siglas); `valor(nodo, donde)` interpreta y valida
        cada valor, y solo se conservan los que resultan texto. Cada clave es un nombre (`nombre`), y el
        mapa tiene a lo más `maximo` entradas."""
        if nodo is None or es_nulo(nodo):
            return {}
        if not isinstance(nodo, MappingNode):
            self.reportar(nodo, "tipo-invalido", f"{donde}: se esperaba un mapa de «clave: valor».")
            return {}
        if not self.cabe(nodo, donde, maximo):
            return {}
        pares = {}
        for k, v in nodo.value:
            if isinstance(k, ScalarNode) and self.nombre(k, donde):
                interpretado = valor(v, f"{donde}.{k.value}")
                if isinstance(interpretado, str):
                    pares[k.value] = interpretado
        return pares

    def cabe(self, nodo: MappingNode | SequenceNode, donde: str, maximo: int) -> bool:
        """Un mapa o una lista de proceso.yaml con a lo más `maximo` entradas: 60,000 alias pasaban y después
        cada orden tardaba de 20 a 80 s. Se niega entero, antes de leer ninguna."""
        if len(nodo.value) <= maximo:
            return True
        self.reportar(nodo, "mapa-largo", f"{donde}: tiene {len(nodo.value):,} entradas; el máximo es {maximo:,}.",
                      "Deje las que el proceso usa.")
        return False

    def nombre(self, nodo: ScalarNode, donde: str) -> bool:
        """Un nombre que se escribe en cada salida (un alias, un estatus, una sigla): corto, con glifo en la
        letra del informe y sin nada que se confunda o no se vea (marcas de dirección, espacios de ancho
        cero, letras de otra escritura que parecen latinas), dicho con su punto de código."""
        texto = nodo.value
        if len(texto) > NOMBRE_MAXIMO:
            self.reportar(nodo, "nombre-invalido", f"{donde}: «{corto(texto)}» tiene {len(texto):,} caracteres; el "
                                                   f"máximo de un nombre es {NOMBRE_MAXIMO}.", "Use un nombre corto.")
            return False
        sin_glifo, ajeno = sin_glifo_y_ajeno(texto)
        malo = sin_glifo or (ajeno[:2] if ajeno else None)
        if malo is None:
            return True
        posicion, caracter = malo
        visible = "".join(c if c.isprintable() and c != caracter else "·" for c in texto)
        self.reportar(nodo, "nombre-invalido", f"{donde}: «{corto(visible)}» lleva {describir(caracter)} en la "
                                               f"posición {posicion + 1}: un nombre debe leerse igual en todas partes.",
                      "Escriba el nombre de nuevo solo con letras del español, cifras, espacios y puntos.")
        return False

    def booleano(self, nodo: Node | None, donde: str) -> bool | None | Falla:
        if nodo is None or es_nulo(nodo):
            return None
        if isinstance(nodo, ScalarNode) and nodo.value in ("true", "false"):
            return nodo.value == "true"
        self.reportar(nodo, "tipo-invalido", f"{donde}: se esperaba true o false.", "Escriba true o false.")
        return FALLA


def es_plano(nodo: Node) -> bool:
    """Escalar sin comillas ni bloque (libyaml marca el estilo plano con '', PyYAML con None)."""
    return not nodo.style


# Lo que las familias usan al interpretar sus campos, además del Lector.

def es_nulo(nodo: Node) -> bool:
    """Un valor vacío (`clave:` sin nada, `~`, `null`) sin comillas: el campo está pero no dice nada."""
    return isinstance(nodo, ScalarNode) and nodo.tag == ETIQUETA_NULO and es_plano(nodo)


def describir_nodo(nodo: Node) -> str:
    """Qué hay en el nodo, para un mensaje: «un mapa», «una lista» o el valor entre comillas angulares."""
    if isinstance(nodo, MappingNode):
        return "un mapa"
    if isinstance(nodo, SequenceNode):
        return "una lista"
    return f"«{corto(nodo.value)}»"


def corto(texto: str, largo: int = 60) -> str:
    """El texto hasta `largo` caracteres (con «…» si se cortó): un valor citado en un mensaje."""
    return texto if len(texto) <= largo else texto[: largo - 1] + "…"


def linea_de(nodo: Node) -> int:
    """La línea (desde 1) donde empieza el nodo en su archivo: la que el modelo guarda de cada registro."""
    return nodo.start_mark.line + 1


def sin_falla(valor):
    """El valor leído, o None si no se pudo interpretar (su problema ya se reportó): para un campo opcional
    del modelo, donde una falla cuenta como ausencia."""
    return None if valor is FALLA else valor

