"""La caché guarda cada clase del modelo de cada familia y la devuelve igual, y un campo nuevo del
modelo sobrevive a una caché caliente sin que nadie escriba su codificación (filas derivadas)."""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from informe import cache
from informe.familias import REGISTRO, familia
from informe.filas import derivar

_TEXTO = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)


def _estrategia(tipo, profundidad: int = 0):
    """Valores de cualquier anotación de los modelos: clases de datos, listas, mapas, uniones, fechas."""
    origen = typing.get_origin(tipo)
    if origen in (typing.Union, types.UnionType):
        return st.one_of(*(_estrategia(a, profundidad) for a in typing.get_args(tipo)))
    if tipo is type(None):
        return st.none()
    if tipo is str:
        return _TEXTO
    if tipo is bool:
        return st.booleans()
    if tipo is int:
        return st.integers(-10**12, 10**12)
    if tipo is float:
        return st.floats(allow_nan=False, allow_infinity=False)
    if tipo is date:
        return st.dates()
    if origen in (list, tuple):
        argumentos = typing.get_args(tipo) or (str,)
        elementos = st.lists(_estrategia(argumentos[0], profundidad + 1), max_size=3 if profundidad < 2 else 0)
        return elementos if origen is list else elementos.map(tuple)
    if origen is dict or tipo is dict:
        k, v = typing.get_args(tipo) or (str, int)
        return st.dictionaries(_estrategia(k, profundidad + 1), _estrategia(v, profundidad + 1), max_size=3)
    if isinstance(tipo, type) and dataclasses.is_dataclass(tipo):
        pistas = typing.get_type_hints(tipo)
        return st.builds(tipo, **{f.name: _estrategia(pistas[f.name], profundidad + 1)
                                  for f in dataclasses.fields(tipo) if f.init})
    if tipo is object or tipo is typing.Any:
        return st.one_of(st.none(), _TEXTO, st.integers(-100, 100))
    raise AssertionError(f"anotación sin estrategia en el test: {tipo!r}")


CLASES = [(nombre, clase) for nombre in REGISTRO for clase in familia(nombre).clases]


@pytest.mark.parametrize("nombre, clase", CLASES, ids=[f"{n}.{c.__name__}" for n, c in CLASES])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datos=st.data())
def test_cada_clase_de_cada_familia_vuelve_igual_de_la_cache(nombre, clase, datos):
    valor = datos.draw(_estrategia(clase))
    fam = familia(nombre)
    codificado = cache.a_json(valor, fam)
    assert codificado is not None, valor
    assert cache.de_json(codificado, fam) == valor


@dataclass(slots=True)
class _Acuerdo:
    id: str
    descripcion: str
    fecha: date | None
    responsable: str | None = None  # el campo que «se agrega al modelo»


@dataclass(slots=True)
class _Informe:
    entidad: str
    acuerdos: list[_Acuerdo] = field(default_factory=list)
    lineas: dict[str, int] = field(default_factory=dict)


def test_un_campo_nuevo_sobrevive_la_fila_derivada():
    """Antes la fila de InformeJLE se escribía a mano: un campo nuevo del modelo salía en la primera
    compilación y desaparecía en la segunda, ya leída de la caché."""
    ida, vuelta = derivar(_Informe)
    original = _Informe("COL", [_Acuerdo("COL-2024-05-001", "Recorridos", date(2024, 5, 2), "Vocal ejecutivo")],
                        {"entidad": 1})
    fila = ida(original, lambda v: ["generico", v])
    assert fila[1] == [["COL-2024-05-001", "Recorridos", "2024-05-02", "Vocal ejecutivo"]]
    assert vuelta(fila, lambda v: v[1]) == original


def test_una_fila_de_otra_version_es_un_fallo_de_cache():
    ida, vuelta = derivar(_Informe)
    fila = ida(_Informe("COL", [_Acuerdo("a", "b", None)]), lambda v: ["g", v])
    with pytest.raises(ValueError):
        vuelta(fila[:-1], lambda v: v[1])  # falta un campo de arriba
    fila[1][0].pop()  # una fila anidada sin «responsable», como la guardaría el modelo anterior
    with pytest.raises(ValueError):
        vuelta(fila, lambda v: v[1])


def test_el_informe_de_una_jle_con_un_campo_nuevo_sobrevive_la_cache_caliente(tmp_path, monkeypatch):
    """Con el modelo real: InformeJLE con un campo más, guardado y leído con la fila derivada de la familia."""
    from informe.seguridad import almacen, modelo

    campos = [(f.name, f.type, f) for f in dataclasses.fields(modelo.InformeJLE)]
    Nuevo = dataclasses.make_dataclass("InformeJLE", [*campos, ("responsable", "str | None", field(default=None))],
                                       slots=True, namespace={"__module__": modelo.__name__})
    monkeypatch.setattr(modelo, "InformeJLE", Nuevo)
    almacen.filas_cache.cache_clear()
    monkeypatch.setattr(cache, "_CLASES", {})
    try:
        fam = familia("seguridad")
        valor = Nuevo("colima.yaml", "COL", "2024-05", responsable="Vocal secretario")
        leido = cache.de_json(cache.a_json(valor, fam), fam)
        assert leido.responsable == "Vocal secretario"
    finally:
        almacen.filas_cache.cache_clear()


def test_los_acuerdos_viajan_como_filas_anidadas_con_sus_campos_propios():
    """Los campos propios de un acuerdo (un mapa de escalares) no sacan a los acuerdos de la fila anidada:
    el codificador genérico costaba segundos con la historia entera."""
    import json

    from informe.seguridad import modelo

    ida, vuelta = derivar(modelo.InformeJLE)
    informe = modelo.InformeJLE("colima.yaml", "COL", "2024-05", acuerdos=[
        modelo.Acuerdo("COL-2024-05-001", "Uno", None, None, 3, propios={"responsable": "Vocal", "plazo": 3})])
    fila = json.loads(json.dumps(ida(informe, lambda v: ["genérico", v])))
    acuerdos = fila[[f.name for f in dataclasses.fields(modelo.InformeJLE)].index("acuerdos")]
    assert acuerdos[0][0] == "COL-2024-05-001"  # una fila anidada, no el codificador genérico
    assert vuelta(fila, lambda v: v).acuerdos[0].propios == {"responsable": "Vocal", "plazo": 3}
