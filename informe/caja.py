"""La caja de arena de Jinja: textos del analista y plantillas se componen aquí, con límites.

Un texto del informe viene de la carpeta de datos, y una plantilla puede venir de una carpeta que alguien
envió: los dos son datos. La caja:

- es **inmutable** (`ImmutableSandboxedEnvironment`): un texto no puede llamar `dict.update` ni
  `list.append` sobre las cifras del periodo. Las plantillas arman sus tablas con `acumulador()`, la
  única lista a la que se le puede agregar;
- acota el trabajo: iteraciones de ciclos más llamadas (`operaciones`), largo de cada texto que se
  construye (`texto`), tamaño de los números (`bits`), largo total de lo que se escribe (`salida`,
  también dentro de un `{% set %}…{% endset %}`) y tiempo (`segundos`: un presupuesto de operaciones
  no acota una sola llamada cara). Se revisa **antes** de construir: `"x" * 10**9`, `7 ** 30000000`,
  `"x".center(3000000000)`, un `join` o un `%` cuyo resultado pasaría del tope se niegan por lo que
  producirían, sin reservar memoria. Pasar un límite es `Excedido`, con la línea del texto, nunca una espera;
- acota el anidamiento (paréntesis, corchetes, bloques `{% if %}` y el largo de una expresión) antes de
  que el analizador de Jinja o el compilador de Python se queden sin pila;
- no tiene cargador de archivos para los textos (no incluyen ni importan nada).

Los ciclos no pasan por ningún gancho de la caja de Jinja: al compilar, el árbol de cada plantilla se
reescribe para que el iterable de cada `for` pase por `_caja_ciclo` (que cuenta), cada concatenación
`~` por `_caja_unir` (que mide antes de convertir a texto) y cada valor que se escribe por `_caja_salida`
(que lo suma a lo escrito antes de que Jinja lo convierta en texto).
"""

from __future__ import annotations

import functools
import re
import time
import types
from dataclasses import dataclass

from jinja2 import nodes
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer


@dataclass(frozen=True, slots=True)
class Limites:
    operaciones: int  # vueltas de ciclo más llamadas, por composición
    texto: int  # caracteres (o elementos) de un valor que se construye
    bits: int  # tamaño de un entero que se calcula
    salida: int  # caracteres de lo que se escribe
    segundos: float = 30.0  # reloj de una composición: una sola llamada cara no gasta operaciones


# Un texto del analista cita cifras y arma algunas frases: mil veces por debajo de estos límites.
TEXTOS = Limites(operaciones=200_000, texto=1_000_000, bits=4_096, salida=2_000_000, segundos=10.0)
# Las plantillas del informe recorren todos los acuerdos de la historia (cientos de miles de filas).
PLANTILLAS = Limites(operaciones=20_000_000, texto=50_000_000, bits=4_096, salida=200_000_000, segundos=300.0)

# Anidamiento que el analizador de Jinja y el compilador de Python resisten con holgura (≈200 paréntesis o
# 25 ciclos anidados los hacían fallar con RecursionError o SyntaxError); las plantillas del paquete llegan a
# 2 niveles de paréntesis, 6 de bloques y 116 piezas en una expresión.
PARENTESIS_MAXIMO = 40
BLOQUES_MAXIMO = 15
PIEZAS_MAXIMO = 250
# wordwrap cuesta el cuadrado del largo entre el ancho (una palabra de 400,000 caracteres a ancho 1: 2.6 s)
COSTO_ENVOLVER = 2 * 10**9


class Excedido(SecurityError):
    """Un texto o una plantilla pasó uno de los límites de la caja."""


class PlantillaNegada(TemplateError):
    """Una plantilla que no se lee: un enlace simbólico (no se sigue), algo que no es un archivo o demasiado
    grande. Su mensaje ya está en español."""

    def __init__(self, nombre: str, motivo: str):
        super().__init__(f"{nombre}: {motivo}")
        self.nombre, self.motivo = nombre, motivo


class Acumulador(list):
    """La lista a la que una plantilla puede agregar filas (`{% do filas.append(…) %}`): la caja es inmutable
    para todo lo demás, en particular para las cifras que vienen de los datos."""


def _enteros(*valores) -> bool:
    return all(isinstance(x, int) and not isinstance(x, bool) for x in valores)


def _largo(valor) -> int:
    return len(valor) if isinstance(valor, (str, bytes, list, tuple, dict, set, frozenset)) else 0


def tamano(valor, tope: int) -> int:
    """Cuántos caracteres tendría `str(valor)`, sin construirlo: una lista con 3,000 veces el mismo texto de
    900,000 caracteres ocupa 24 KB, y su texto, 2.7 GB. Deja de contar al pasar `tope`."""
    if isinstance(valor, str):
        return len(valor)
    total, pendientes = 0, [valor]
    while pendientes and total <= tope:
        v = pendientes.pop()
        if isinstance(v, str):
            total += len(v) + 4  # comillas, coma y espacio de la representación de una lista
        elif isinstance(v, dict):
            total += 2 + 4 * len(v)
            pendientes.extend(v.keys())
            pendientes.extend(v.values())
        elif isinstance(v, (list, tuple, set, frozenset)):
            total += 2 + 2 * len(v)
            pendientes.extend(v)
        elif isinstance(v, int) and not isinstance(v, bool):
            total += v.bit_length() // 3 + 2
        else:
            total += 8
    return total


def _valores_de_formato(valores) -> list:
    """Lo que un formato «%» puede escribir: los elementos de una tupla, los valores de un mapa, o el valor."""
    if isinstance(valores, tuple):
        return list(valores)
    if isinstance(valores, dict):
        return list(valores.values())
    return [valores]


# %-formato con un ancho o precisión de cinco cifras o con «*»: «%0999999999d» reservaría un giga
_FORMATO_ANCHO = re.compile(r"%[-#0 +]*(?:\*|[0-9]{5,})|%[-#0 +]*[0-9]*\.(?:\*|[0-9]{5,})")
# cada especificador de un formato «%», con su ancho y su precisión
_ESPECIFICADOR = re.compile(r"%(?:\([^)]*\))?[-#0 +]*([0-9]*)(?:\.([0-9]*))?[hlL]?[a-zA-Z%]")
# cada campo de un formato «{}» con su ancho (hasta cuatro cifras: cinco ya se niegan)
_CAMPO = re.compile(r"\{[^{}]*?([0-9]*)(?:\.[0-9]*)?[a-zA-Z%]?\}")


def tamano_de_formato(formato: str, valores, tope: int) -> int:
    """Lo que produciría `formato % valores`, sin producirlo: cada especificador escribe a lo más su ancho más
    el valor más largo (`"%s%s%s" % ((s,) * 3)` repite el mismo valor)."""
    especificadores = _ESPECIFICADOR.findall(formato)
    if not especificadores:
        return len(formato)
    mayor = max((tamano(v, tope) for v in _valores_de_formato(valores)), default=0)
    return len(formato) + sum(max(int(a or 0), int(p or 0)) + mayor for a, p in especificadores)


class Caja(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset(["*", "**", "%", "+", "//"])

    def __init__(self, limites: Limites, **opciones):
        super().__init__(**opciones)
        self.limites = limites
        self._cuenta = 0
        self._escrito = 0
        self._hasta = time.monotonic() + limites.segundos
        self.instalar_globales()

    def instalar_globales(self) -> None:
        """Lo que el árbol reescrito llama; quien vacía `globals` lo vuelve a instalar."""
        self.globals.update(_caja_ciclo=self._ciclo, _caja_texto=self._texto, _caja_unir=self._unir,
                            _caja_salida=self._salida, _caja_datos=self._datos)

    # ---------------------------------------------------------------- contar y medir

    def reiniciar(self) -> None:
        """Cada composición empieza con su presupuesto completo."""
        self._cuenta = 0
        self._escrito = 0
        self._hasta = time.monotonic() + self.limites.segundos

    def _gastar(self, n: int = 1) -> None:
        self._cuenta += n
        if self._cuenta > self.limites.operaciones:
            raise Excedido(f"pasa de {self.limites.operaciones:,} vueltas de ciclo y llamadas")
        if self._cuenta & 255 == 0:
            self._a_tiempo()

    def _a_tiempo(self) -> None:
        if time.monotonic() > self._hasta:
            raise Excedido(f"la composición pasa de {self.limites.segundos:g} segundos")

    def _medir(self, valor, que: str = "un texto"):
        if _largo(valor) > self.limites.texto:
            raise Excedido(f"{que} pasa de {self.limites.texto:,} caracteres")
        if isinstance(valor, int) and not isinstance(valor, bool) and valor.bit_length() > self.limites.bits:
            raise Excedido(f"un número pasa de {self.limites.bits:,} bits")
        return valor

    def _antes(self, largo: int, que: str) -> None:
        """Niega lo que tendría `largo` caracteres antes de construirlo."""
        if largo > self.limites.texto:
            raise Excedido(f"{que} pasaría de {self.limites.texto:,} caracteres")

    def _ciclo(self, iterable):
        # un iterable que ya existe está acotado por su tamaño; lo que cuesta es cuántas vueltas se dan
        for elemento in iterable:
            self._gastar()
            yield elemento

    def _texto(self, valor):
        return self._medir(valor)

    def _generador(self, elementos):
        """Lo que produce un filtro perezoso (`map("upper")` sobre mil textos de 900,000 caracteres), medido
        elemento por elemento: lo que sumen juntos no pasa del tope de la salida, y cada uno cuenta una vuelta."""
        total = 0
        for elemento in elementos:
            self._gastar()
            total += tamano(elemento, self.limites.salida)
            if total > self.limites.salida:  # el tope de lo que se escribe: una plantilla recorre toda la historia
                raise Excedido(f"lo que produce un filtro pasa de {self.limites.salida:,} caracteres")
            yield elemento

    def _unir(self, *partes) -> str:
        """`a ~ b`: el largo se suma antes de convertir cada parte en texto (una lista se convierte entera)."""
        self._gastar()
        self._antes(sum(tamano(p, self.limites.texto) for p in partes), "una concatenación «~»")
        return "".join(str(p) for p in partes)

    def _escribir(self, largo: int) -> None:
        self._escrito += largo
        if self._escrito > self.limites.salida:
            raise Excedido(f"lo que se escribe pasa de {self.limites.salida:,} caracteres")
        self._a_tiempo()

    def _salida(self, valor):
        """Cada `{{ … }}`, también dentro de un `{% set %}…{% endset %}` o de una macro, cuenta lo que escribiría
        antes de que Jinja lo convierta en texto."""
        self._escribir(tamano(valor, self.limites.salida))
        return valor

    def _datos(self, largo: int) -> str:
        """El texto literal de la plantilla también se escribe: dentro de un ciclo, tantas veces como vueltas."""
        self._escribir(largo)
        return ""

    # ---------------------------------------------------------------- ganchos de la caja de Jinja

    def is_safe_attribute(self, obj, attr, value) -> bool:
        if type(obj) is Acumulador and attr == "append":
            return True
        return super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context, operator, left, right):
        self._gastar()
        cota = _COTAS_BINARIAS.get(operator)
        if cota is not None:
            cota(self, left, right)
        return self._medir(super().call_binop(context, operator, left, right))

    # Cada operación que reservaría memoria sin medida se niega antes de calcularla, por lo que costaría.

    def _cota_potencia(self, base, exponente) -> None:
        if _enteros(base, exponente) and exponente > 0 \
                and max(abs(base), 1).bit_length() * exponente > self.limites.bits:
            raise Excedido(f"una potencia pasa de {self.limites.bits:,} bits")

    def _cota_producto(self, left, right) -> None:
        """Dos enteros: los bits del producto. Un texto o una lista por un entero: el largo de la repetición."""
        if _enteros(left, right):
            if abs(left).bit_length() + abs(right).bit_length() > self.limites.bits:
                raise Excedido(f"un producto pasa de {self.limites.bits:,} bits")
            return
        veces = right if isinstance(right, int) else left if isinstance(left, int) else 1
        if max(_largo(left), _largo(right)) * max(veces, 0) > self.limites.texto:
            raise Excedido(f"una repetición pasa de {self.limites.texto:,} caracteres")

    def _cota_suma(self, left, right) -> None:
        if _largo(left) + _largo(right) > self.limites.texto:
            raise Excedido(f"una suma de textos pasa de {self.limites.texto:,} caracteres")

    def _cota_formato(self, left, right) -> None:
        if isinstance(left, str) and _FORMATO_ANCHO.search(left):
            raise Excedido("un formato «%» con un ancho de miles de columnas")
        if isinstance(left, str):
            self._antes(tamano_de_formato(left, right, self.limites.texto), "un formato «%»")

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - la firma es la de Jinja
        __self._gastar()
        __self._antes_de_llamar(__obj, args, kwargs)
        return __self._medir(super().call(__context, __obj, *args, **kwargs), "lo que devuelve una llamada")

    def _antes_de_llamar(self, obj, args, kwargs, nombre: str | None = None, visible: str | None = None) -> None:
        """Niega lo que reservaría memoria sin medida antes de hacerlo: un entero enorme como ancho o
        repeticiones («center(3000000000)»), o un texto que crecería como el producto de dos largos
        (`replace("", "x" * 100000)`), o lo que una llamada conocida produciría (`join`, `indent`…)."""
        valores = [*args, *kwargs.values()]
        for v in valores:
            if isinstance(v, int) and not isinstance(v, bool) and abs(v) > self.limites.texto:
                raise Excedido(f"un argumento ({v:,}) pasa de {self.limites.texto:,}")
        dueno = getattr(obj, "__self__", None)
        largos = sorted((_largo(v) for v in [dueno, *valores]), reverse=True)
        if len(largos) >= 2 and largos[0] * (largos[1] + 1) > 4 * self.limites.texto:
            raise Excedido(f"el resultado de una llamada pasaría de {self.limites.texto:,} caracteres")
        if isinstance(dueno, str):  # un método de un texto: el texto es su primer argumento
            nombre, args = getattr(obj, "__name__", None), (dueno, *args)
        estimar = _ESTIMACIONES.get(nombre or "")
        if estimar is not None:
            # el nombre con que el texto lo llama («string»), no el de la función de Jinja («soft_str»)
            self._antes(estimar(self.limites.texto, *args, **kwargs), f"lo que produciría «{visible or nombre}»")

    def wrap_str_format(self, value):
        """`"{:>999999999}".format(1)`: Jinja envuelve str.format al leer el atributo (no pasa por `call`)."""
        envuelta = super().wrap_str_format(value)
        if envuelta is None:
            return None
        formato = value.__self__
        if re.search(r"[0-9]{5,}|\{[^}]*\{", formato):
            def negar(*args, **kwargs):
                raise Excedido("un formato con un ancho de miles de columnas")

            return negar

        def acotada(*args, **kwargs):
            # «"{0}{0}{0}…".format(s)» repite el mismo valor en cada campo
            campos = _CAMPO.findall(formato)
            mayor = max((tamano(v, self.limites.texto) for v in [*args, *kwargs.values()]), default=0)
            self._antes(len(formato) + sum(int(a or 0) + mayor for a in campos), "un formato «{}»")
            return envuelta(*args, **kwargs)

        return acotada

    # ---------------------------------------------------------------- el árbol de cada plantilla

    def _parse(self, source, name, filename):
        revisar_anidamiento(self, source, name)
        return _Acotar().visit(super()._parse(source, name, filename))

    # ---------------------------------------------------------------- componer

    def acotar_filtros(self) -> None:
        """Los filtros se llaman directo desde el código compilado (no pasan por `call`): se envuelven."""
        for nombre, filtro in list(self.filters.items()):
            self.filters[nombre] = self._filtro_acotado(filtro, nombre)

    def _filtro_acotado(self, filtro, visible: str):
        if getattr(filtro, "_acotado", False):
            return filtro
        paso = getattr(filtro, "jinja_pass_arg", None)
        nombre = getattr(filtro, "__name__", "")

        @functools.wraps(filtro)
        def acotado(*args, **kwargs):
            self._gastar()
            propios = args[1:] if paso is not None else args  # sin el contexto o el entorno que Jinja pasa
            if nombre == "do_join" and propios:  # un generador solo se puede medir en una lista
                propios = (_lista_acotada(propios[0], self.limites.texto), *propios[1:])
                args = (*args[:len(args) - len(propios)], *propios)
            self._antes_de_llamar(None, propios, kwargs, nombre, visible)
            resultado = self._medir(filtro(*args, **kwargs), "lo que devuelve un filtro")
            self._a_tiempo()
            if isinstance(resultado, types.GeneratorType):  # map, select…: cada elemento se construye después
                return self._generador(resultado)
            return resultado

        acotado._acotado = True
        return acotado

    def componer(self, plantilla, **contexto) -> str:
        """Compone con el presupuesto completo; lo que se escribe ya se midió antes de convertirse en texto."""
        self.reiniciar()
        return "".join(plantilla.generate(**contexto))


def _lista_acotada(valores, tope: int) -> list:
    """Un iterable perezoso hecho lista para medirlo, sin que sus elementos juntos pasen de `tope`."""
    if isinstance(valores, (list, tuple, str, dict)):
        return valores
    lista, total = [], 0
    for v in valores:
        lista.append(v)
        total += tamano(v, tope) + 1
        if total > tope:
            raise Excedido(f"una lista pasa de {tope:,} caracteres")
    return lista


# Lo que produciría cada llamada que puede crecer más que sus argumentos, a lo más (nombre → estimación con el
# tope y los argumentos de la llamada). Los métodos de un texto reciben el texto como primer argumento.
def _estimar_union(tope, valores=(), d="", attribute=None, *_, **__):
    if isinstance(valores, dict):
        valores = list(valores)
    if attribute is not None:  # el atributo de cada elemento es más corto que el elemento entero
        return sum(tamano(v, tope) for v in valores) + len(d) * len(valores)
    return sum(tamano(v, tope) for v in valores) + tamano(d, tope) * len(valores)


def _estimar_union_metodo(tope, separador="", valores=(), *_, **__):
    return _estimar_union(tope, valores if isinstance(valores, (list, tuple, str, dict)) else (), separador)


def _estimar_sangria(tope, s="", width=4, *_, **__):
    ancho = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    largo = tamano(s, tope)
    lineas = s.count("\n") + 1 if isinstance(s, str) else largo  # cada línea recibe la sangría
    return largo + lineas * max(ancho, 0)


def _estimar_tabuladores(tope, s="", tabsize=8, *_, **__):
    return len(s) + s.count("\t") * max(tabsize if isinstance(tabsize, int) else 8, 0)


def _estimar_envoltura(tope, s="", width=79, break_long_words=True, wrapstring=None, *_, **__):
    largo = tamano(s, tope)
    ancho = max(width if isinstance(width, int) else 79, 1)
    if largo * largo // ancho > COSTO_ENVOLVER:  # el tiempo de textwrap, no la memoria
        raise Excedido(f"envolver {largo:,} caracteres a un ancho de {ancho} tomaría demasiado tiempo")
    return largo + (largo // ancho + 1) * tamano(wrapstring or "\n", tope)


def _estimar_formato(tope, formato="", *args, **kwargs):
    return tamano_de_formato(str(formato), tuple(args) or dict(kwargs), tope)


def _estimar_texto(tope, valor="", *_, **__):
    return tamano(valor, tope)


_ESTIMACIONES = {
    "do_join": _estimar_union, "join": _estimar_union_metodo, "do_indent": _estimar_sangria,
    "expandtabs": _estimar_tabuladores, "do_wordwrap": _estimar_envoltura, "do_format": _estimar_formato,
    **dict.fromkeys(("soft_str", "do_mark_safe", "do_mark_unsafe", "do_string", "do_pprint", "do_tojson", "do_upper", "do_lower", "do_title", "do_capitalize",
                     "do_trim", "do_striptags", "do_urlize", "do_urlencode", "escape", "do_forceescape",
                     "do_center", "do_truncate", "do_replace",
                     "md", "md_celda", "atributo", "yaml_texto"), _estimar_texto),
}


# operador → su cota (`//` se intercepta para contarlo, pero su resultado nunca crece)
_COTAS_BINARIAS = {"**": Caja._cota_potencia, "*": Caja._cota_producto, "+": Caja._cota_suma, "%": Caja._cota_formato}


class _Acotar(NodeTransformer):
    """Cada `for` itera a través de `_caja_ciclo`; cada `a ~ b`, a través de `_caja_unir`; cada valor que se
    escribe, a través de `_caja_salida` (y el texto literal cuenta con `_caja_datos`)."""

    def visit_For(self, nodo):  # noqa: N802 - nombre que pide NodeTransformer
        nodo = self.generic_visit(nodo)
        nodo.iter = _llamada("_caja_ciclo", [nodo.iter], nodo.lineno)
        return nodo

    def visit_Concat(self, nodo):  # noqa: N802
        nodo = self.generic_visit(nodo)
        return _llamada("_caja_unir", list(nodo.nodes), nodo.lineno)

    def visit_Output(self, nodo):  # noqa: N802
        nodo = self.generic_visit(nodo)
        partes, literal = [], 0
        for parte in nodo.nodes:
            if isinstance(parte, nodes.TemplateData):
                literal += len(parte.data)
                partes.append(parte)
            else:
                partes.append(_llamada("_caja_salida", [parte], parte.lineno))
        if literal:  # devuelve "": no escribe nada, solo cuenta
            partes.insert(0, _llamada("_caja_datos", [nodes.Const(literal, lineno=nodo.lineno)], nodo.lineno))
        nodo.nodes = partes
        return nodo


def _llamada(nombre: str, argumentos: list, linea: int):
    return nodes.Call(nodes.Name(nombre, "load", lineno=linea), argumentos, [], None, None, lineno=linea)


_ABRE, _CIERRA = frozenset("([{"), frozenset(")]}")
_BLOQUES = frozenset({"if", "for", "macro", "call", "filter", "with", "block", "autoescape"})


class _Niveles:
    """Cuánto anida lo leído hasta ahora: paréntesis abiertos, bloques abiertos y piezas de la etiqueta actual."""

    def __init__(self) -> None:
        self.parentesis = self.bloques = self.piezas = 0
        self.etiqueta: list[str] = []

    def abrir_etiqueta(self, tipo: str) -> None:
        # en «{{ … }}» un nombre nunca abre un bloque: la etiqueta empieza ya ocupada
        self.piezas, self.etiqueta = 0, [] if tipo == "block_begin" else ["{{"]

    def leer(self, tipo: str, valor: str) -> None:
        self.piezas += tipo != "whitespace"
        if tipo == "operator":
            self._operador(valor)
        elif tipo == "name" and not self.etiqueta:
            self.etiqueta.append(valor)
            self.bloques += valor in _BLOQUES
            self.bloques -= valor.startswith("end") and self.bloques > 0
        elif tipo == "block_end" and self.etiqueta[:1] == ["set"] and "=" not in self.etiqueta:
            self.bloques += 1  # «{% set x %}…{% endset %}» es un bloque

    def _operador(self, valor: str) -> None:
        if valor in _ABRE:
            self.parentesis += 1
        elif valor in _CIERRA:
            self.parentesis = max(self.parentesis - 1, 0)
        elif valor == "=" and self.etiqueta:
            self.etiqueta.append("=")

    def excedido(self) -> bool:
        return self.parentesis > PARENTESIS_MAXIMO or self.bloques > BLOQUES_MAXIMO or self.piezas > PIEZAS_MAXIMO


def revisar_anidamiento(env, fuente: str, nombre: str | None = None) -> None:
    """Niega, con su línea, lo que anida más de lo que el analizador de Jinja y el compilador de Python
    resisten: paréntesis y corchetes, bloques (`{% if %}`, `{% for %}`, `{% set %}…`) o una expresión muy
    larga (`1+1+…+1` se anida en el árbol). Lee las piezas del lexer de Jinja, que no se anida."""
    from jinja2.exceptions import TemplateSyntaxError

    niveles = _Niveles()
    for linea, tipo, valor in env.lex(fuente, nombre):
        if tipo in ("block_begin", "variable_begin"):
            niveles.abrir_etiqueta(tipo)
            continue
        niveles.leer(tipo, valor)
        if niveles.excedido():
            raise TemplateSyntaxError(
                f"anidamiento: más de {PARENTESIS_MAXIMO} paréntesis o corchetes abiertos, más de {BLOQUES_MAXIMO} "
                f"bloques uno dentro de otro o una expresión de más de {PIEZAS_MAXIMO} piezas", linea, nombre)


def donde_fallo(error: BaseException) -> tuple[str | None, int | None]:
    """(plantilla, línea) donde ocurrió `error`: Jinja reescribe la pila para que sus marcos lleven el nombre
    del archivo de la plantilla y su línea (`<template>` para las que se compilan de un texto)."""
    archivo, linea = getattr(error, "filename", None), getattr(error, "lineno", None)
    tb = error.__traceback__
    while tb is not None:
        nombre = tb.tb_frame.f_code.co_filename
        if nombre == "<template>" or nombre.endswith(".j2"):
            archivo, linea = (None if nombre == "<template>" else nombre), tb.tb_lineno
        tb = tb.tb_next
    return archivo, linea


def linea_del_error(error: BaseException) -> int | None:
    return donde_fallo(error)[1]


def nombre_indefinido(error: BaseException) -> str | None:
    """El nombre que no existe, de un UndefinedError de Jinja («'dict object' has no attribute 'x'»,
    «'x' is undefined»), para decirlo en español."""
    m = re.search(r"has no attribute '([^']*)'|^'([^']*)' is undefined|no element '?([^']*?)'?$", str(error))
    return next((g for g in m.groups() if g), None) if m else None
