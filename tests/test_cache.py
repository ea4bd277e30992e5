"""La caché de archivos cargados: mismo resultado que sin ella, y se invalida al cambiar el archivo."""

from __future__ import annotations

import os

from informe import cache
from informe.cargar import cargar_archivo
from conftest import escribir


def test_la_cache_devuelve_lo_mismo_y_se_invalida(tmp_path):
    ruta = escribir(tmp_path / "2024-05" / "jle" / "col.yaml",
                    "entidad: Colima\nperiodo: 2024-05\nacuerdos:\n  - descripcion: Uno\n    estatus: Terminado\n")
    primera = cargar_archivo(ruta, "a.yaml")
    assert cache._entrada(ruta).is_file()
    segunda = cargar_archivo(ruta, "b.yaml")  # desde la caché, con el nombre de esta llamada
    assert [(p.codigo, p.linea) for p in segunda.problemas] == [(p.codigo, p.linea) for p in primera.problemas]
    assert {p.archivo for p in segunda.problemas} == {"b.yaml"}
    escribir(ruta, "entidad: Colima\nperiodo: 2024-05\nacuerdos:\n  - descripcion: Uno\n    estatus: Concluido\n")
    os.utime(ruta, ns=(1, 1))  # aunque la fecha vuelva atrás, cambia la firma
    tercera = cargar_archivo(ruta, "a.yaml")
    assert tercera.problemas == [] and tercera.registro.acuerdos[0].estatus == "Concluido"


def test_cache_corrupta_o_desactivada(tmp_path, monkeypatch):
    ruta = escribir(tmp_path / "x.yaml", "entidad: Colima\nperiodo: 2024-05\n")
    cargar_archivo(ruta)
    cache._entrada(ruta).write_bytes(b"basura")
    assert cargar_archivo(ruta).registro.entidad == "COL"
    monkeypatch.setenv("INFORME_CACHE", "0")
    cache.carpeta.cache_clear()
    try:
        assert cache._entrada(ruta) is None and cargar_archivo(ruta).registro.entidad == "COL"
    finally:
        monkeypatch.undo()
        cache.carpeta.cache_clear()
