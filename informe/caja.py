"""La caja de arena de Jinja: textos del analista y plantillas se componen aquí, con límites.

Un texto del informe viene de la carpeta de datos, y una plantilla puede venir de una carpeta que alguien
envió: los dos son datos. La caja:

- es **inmutable** (`ImmutableSandboxedEnvironment`): un texto no puede llamar `dict.update` ni
  `list.append` sobre las cifras del periodo. Las plantillas arman sus tablas con `acumulador()`, la
  única lista a la que se le puede agregar;
- acota el trabajo: iteraciones de ciclos más llamadas (`operaciones`), largo de cada texto que se
  construye (`texto`), tamaño de los números (`bits`) y largo total de lo que se escribe (`salida`).
  Se revisa **antes** de construir: `"x" * 10**9`, `7 ** 30000000` o `"x".center(3000000000)` se
  niegan sin reservar memoria. Pasar un límite es `Excedido`, con la línea del texto, nunca una espera;
- no tiene cargador de archivos para los textos (no incluyen ni importan nada).

Los ciclos no pasan por ningún gancho de la caja de Jinja: al compilar, el árbol de cada plantilla se
reescribe para que el iterable de cada `for` pase por `_caja_ciclo` (que cuenta) y cada concatenación
`~` por `_caja_texto` (que mide).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer


@dataclass(frozen=True, slots=True)
class Limites:
    operaciones: int  # vueltas de ciclo más llamadas, por composición
    texto: int  # caracteres (o elementos) de un valor que se construye
    bits: int  # tamaño de un entero que se calcula
    salida: int  # caracteres de lo que se escribe


# Un texto del analista cita cifras y arma algunas frases: mil veces por debajo de estos límites.
TEXTOS = Limites(operaciones=200_000, texto=1_000_000, bits=4_096, salida=2_000_000)
# Las plantillas del informe recorren todos los acuerdos de la historia (cientos de miles de filas).
PLANTILLAS = Limites(operaciones=20_000_000, texto=50_000_000, bits=4_096, salida=200_000_000)


class Excedido(SecurityError):
    """Un texto o una plantilla pasó uno de los límites de la caja."""


class Acumulador(list):
    """La lista a la que una plantilla puede agregar filas (`{% do filas.append(…) %}`): la caja es inmutable
    para todo lo demás, en particular para las cifras que vienen de los datos."""


def _enteros(*valores) -> bool:
    return all(isinstance(x, int) and not isinstance(x, bool) for x in valores)


def _largo(valor) -> int:
    return len(valor) if isinstance(valor, (str, bytes, list, tuple, dict, set, frozenset)) else 0


# %-formato con un ancho o precisión de cinco cifras o con «*»: «%0999999999d» reservaría un giga
_FORMATO_ANCHO = re.compile(r"%[-#0 +]*(?:\*|[0-9]{5,})|%[-#0 +]*[0-9]*\.(?:\*|[0-9]{5,})")


class Caja(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset(["*", "**", "%", "+", "//"])

    def __init__(self, limites: Limites, **opciones):
        super().__init__(**opciones)
        self.limites = limites
        self._cuenta = 0
        self.instalar_globales()

    def instalar_globales(self) -> None:
        """Lo que el árbol reescrito llama; quien vacía `globals` lo vuelve a instalar."""
        self.globals.update(_caja_ciclo=self._ciclo, _caja_texto=self._texto)

    # ---------------------------------------------------------------- contar y medir

    def reiniciar(self) -> None:
        """Cada composición empieza con su presupuesto completo."""
        self._cuenta = 0

    def _gastar(self, n: int = 1) -> None:
        self._cuenta += n
        if self._cuenta > self.limites.operaciones:
            raise Excedido(f"pasa de {self.limites.operaciones:,} vueltas de ciclo y llamadas")

    def _medir(self, valor, que: str = "un texto"):
        if _largo(valor) > self.limites.texto:
            raise Excedido(f"{que} pasa de {self.limites.texto:,} caracteres")
        if isinstance(valor, int) and not isinstance(valor, bool) and valor.bit_length() > self.limites.bits:
            raise Excedido(f"un número pasa de {self.limites.bits:,} bits")
        return valor

    def _ciclo(self, iterable):
        # un iterable que ya existe está acotado por su tamaño; lo que cuesta es cuántas vueltas se dan
        for elemento in iterable:
            self._gastar()
            yield elemento

    def _texto(self, valor):
        return self._medir(valor)

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

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - la firma es la de Jinja
        __self._gastar()
        __self._antes_de_llamar(__obj, args, kwargs)
        return __self._medir(super().call(__context, __obj, *args, **kwargs), "lo que devuelve una llamada")

    def _antes_de_llamar(self, obj, args, kwargs) -> None:
        """Niega lo que reservaría memoria sin medida antes de hacerlo: un entero enorme como ancho o
        repeticiones («center(3000000000)»), o un texto que crecería como el producto de dos largos
        (`replace("", "x" * 100000)`)."""
        valores = [*args, *kwargs.values()]
        for v in valores:
            if isinstance(v, int) and not isinstance(v, bool) and abs(v) > self.limites.texto:
                raise Excedido(f"un argumento ({v:,}) pasa de {self.limites.texto:,}")
        dueno = getattr(obj, "__self__", None)
        largos = sorted((_largo(v) for v in [dueno, *valores]), reverse=True)
        if len(largos) >= 2 and largos[0] * (largos[1] + 1) > 4 * self.limites.texto:
            raise Excedido(f"el resultado de una llamada pasaría de {self.limites.texto:,} caracteres")

    def wrap_str_format(self, value):
        """`"{:>999999999}".format(1)`: Jinja envuelve str.format al leer el atributo (no pasa por `call`)."""
        envuelta = super().wrap_str_format(value)
        if envuelta is not None and re.search(r"[0-9]{5,}|\{[^}]*\{", value.__self__):
            def negar(*args, **kwargs):
                raise Excedido("un formato con un ancho de miles de columnas")

            return negar
        return envuelta

    # ---------------------------------------------------------------- el árbol de cada plantilla

    def _parse(self, source, name, filename):
        return _Acotar().visit(super()._parse(source, name, filename))

    # ---------------------------------------------------------------- componer

    def acotar_filtros(self) -> None:
        """Los filtros se llaman directo desde el código compilado (no pasan por `call`): se envuelven."""
        for nombre, filtro in list(self.filters.items()):
            self.filters[nombre] = self._filtro_acotado(filtro)

    def _filtro_acotado(self, filtro):
        if getattr(filtro, "_acotado", False):
            return filtro
        paso = getattr(filtro, "jinja_pass_arg", None)

        @functools.wraps(filtro)
        def acotado(*args, **kwargs):
            self._gastar()
            propios = args[1:] if paso is not None else args  # sin el contexto o el entorno que Jinja pasa
            self._antes_de_llamar(None, propios, kwargs)
            return self._medir(filtro(*args, **kwargs), "lo que devuelve un filtro")

        acotado._acotado = True
        return acotado

    def componer(self, plantilla, **contexto) -> str:
        """Compone con el presupuesto completo; la salida se mide mientras se escribe."""
        self.reiniciar()
        partes, total = [], 0
        for parte in plantilla.generate(**contexto):
            total += len(parte)
            if total > self.limites.salida:
                raise Excedido(f"lo que se escribe pasa de {self.limites.salida:,} caracteres")
            partes.append(parte)
        return "".join(partes)


# operador → su cota (`//` se intercepta para contarlo, pero su resultado nunca crece)
_COTAS_BINARIAS = {"**": Caja._cota_potencia, "*": Caja._cota_producto, "+": Caja._cota_suma, "%": Caja._cota_formato}


class _Acotar(NodeTransformer):
    """Cada `for` itera a través de `_caja_ciclo`; cada `a ~ b`, a través de `_caja_texto`."""

    def visit_For(self, nodo):  # noqa: N802 - nombre que pide NodeTransformer
        nodo = self.generic_visit(nodo)
        nodo.iter = nodes.Call(nodes.Name("_caja_ciclo", "load", lineno=nodo.lineno), [nodo.iter], [], None, None,
                               lineno=nodo.lineno)
        return nodo

    def visit_Concat(self, nodo):  # noqa: N802
        nodo = self.generic_visit(nodo)
        return nodes.Call(nodes.Name("_caja_texto", "load", lineno=nodo.lineno), [nodo], [], None, None,
                          lineno=nodo.lineno)


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
