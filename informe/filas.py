"""Filas posicionales de la caché, derivadas de los campos de una clase de datos.

La historia son cientos de miles de acuerdos y entradas de seguimiento: la caché guarda las clases
grandes como listas posicionales y las reconstruye con una comprensión por lista, sin una llamada por
campo (24 periodos del benchmark: decodificar de forma genérica costaba 5 s). Esas filas se escribían a
mano, y un campo nuevo del modelo que nadie agregaba a la fila se perdía en silencio en la segunda
lectura. Aquí la ida y la vuelta se generan de `dataclasses.fields` y de las anotaciones de tipo, como
hace `dataclasses` con su `__init__`: un campo nuevo viaja solo, y una fila de otra aridad es un fallo
de caché, nunca un objeto con un campo de menos.

Cada campo se codifica según su tipo anotado:
- `str`, `int`, `bool`, `float` (o con `| None`), y un `dict` de esos (los campos propios de un acuerdo):
  tal cual;
- `date` (o `date | None`): su forma ISO;
- `list[C]`, con `C` una clase de datos de campos simples: filas anidadas, también derivadas;
- cualquier otro: el codificador genérico (JSON con etiquetas) que recibe la función.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date

_SIMPLES = (str, int, bool, float, type(None))


def _alternativas(tipo) -> tuple:
    """Los tipos de una unión (`A | None` → (A, NoneType)); un tipo solo, en una tupla."""
    if typing.get_origin(tipo) in (typing.Union, types.UnionType):
        return typing.get_args(tipo)
    return (tipo,)


def _escalar(tipo) -> bool:
    """Un tipo que JSON lleva tal cual: un escalar o un mapa de texto a escalares (un valor anidado en una
    fila no pasa por el codificador genérico, así que no puede ser una fecha ni una clase)."""
    if typing.get_origin(tipo) is dict:
        return all(all(a in _SIMPLES for a in _alternativas(t)) for t in typing.get_args(tipo))
    return tipo in _SIMPLES


def _clase_de(tipo) -> str:
    """«simple», «fecha» o «otro», según lo que admite la anotación."""
    alternativas = _alternativas(tipo)
    if all(_escalar(a) for a in alternativas):
        return "simple"
    if all(a in (date, type(None)) for a in alternativas):
        return "fecha"
    return "otro"


def _anidada(tipo) -> type | None:
    """`C` si la anotación es exactamente `list[C]` con `C` una clase de datos de campos simples o fechas."""
    if typing.get_origin(tipo) is not list:
        return None
    (elemento,) = typing.get_args(tipo) or (None,)
    if not (isinstance(elemento, type) and dataclasses.is_dataclass(elemento)):
        return None
    pistas = typing.get_type_hints(elemento)
    if any(_clase_de(pistas[f.name]) == "otro" for f in dataclasses.fields(elemento)):
        return None
    return elemento


def _iso(valor):
    return valor.isoformat() if valor is not None else None


def _dia(valor):
    return date.fromisoformat(valor) if valor is not None else None


def _filas_de(filas, clase, n: int):
    """Las filas anidadas de una lista; una de otra aridad es de otra versión del modelo."""
    if not isinstance(filas, list) or any(not isinstance(f, list) or len(f) != n for f in filas):
        raise ValueError(f"entrada de caché de otra versión ({clase.__name__})")
    return filas


def derivar(clase: type) -> tuple:
    """(ida, vuelta) para `Familia.filas_cache`: ida(obj, codificar) → lista; vuelta(lista, decodificar) → obj."""
    pistas = typing.get_type_hints(clase)
    campos = dataclasses.fields(clase)
    entorno: dict = {"_iso": _iso, "_dia": _dia, "_filas_de": _filas_de, "C": clase}
    ida: list[str] = []
    vuelta: list[str] = []
    for i, campo in enumerate(campos):
        tipo = pistas[campo.name]
        acceso = f"o.{campo.name}"
        anidada = _anidada(tipo)
        if anidada is not None:
            sub = dataclasses.fields(anidada)
            subpistas = typing.get_type_hints(anidada)
            nombre = f"C{i}"
            entorno[nombre] = anidada
            sub_ida = ", ".join(f"_iso(x.{f.name})" if _clase_de(subpistas[f.name]) == "fecha" else f"x.{f.name}"
                                for f in sub)
            sub_vuelta = ", ".join(f"_dia(r[{j}])" if _clase_de(subpistas[f.name]) == "fecha" else f"r[{j}]"
                                   for j, f in enumerate(sub))
            ida.append(f"[[{sub_ida}] for x in {acceso}]")
            vuelta.append(f"[{nombre}({sub_vuelta}) for r in _filas_de(v[{i}], {nombre}, {len(sub)})]")
        elif _clase_de(tipo) == "simple":
            ida.append(acceso)
            vuelta.append(f"v[{i}]")
        elif _clase_de(tipo) == "fecha":
            ida.append(f"_iso({acceso})")
            vuelta.append(f"_dia(v[{i}])")
        else:
            ida.append(f"codificar({acceso})")
            vuelta.append(f"decodificar(v[{i}])")
    codigo = (
        f"def ida(o, codificar):\n    return [{', '.join(ida)}]\n"
        f"def vuelta(v, decodificar):\n"
        f"    if len(v) != {len(campos)}:\n"
        f"        raise ValueError('entrada de caché de otra versión ({clase.__name__})')\n"
        f"    return C({', '.join(vuelta)})\n"
    )
    # Los nombres vienen de `dataclasses.fields` (identificadores de Python), nunca de datos.
    exec(compile(codigo, f"<filas de {clase.__name__}>", "exec"), entorno)  # noqa: S102
    return entorno["ida"], entorno["vuelta"]
