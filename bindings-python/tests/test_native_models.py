"""The native model objects under the lifetimes-style classes: each class holds one, made once by
fit or from_params and validated there; both survive pickling and copying with their
predictions; a bad parameter is refused when the model is made, naming the parameter."""

import copy
import pickle

import numpy as np
import pytest

import custometrics as cm
from custometrics import _native
from custometrics.retention import (
    BetaGeo,
    BetaGeoBetaBinom,
    GammaGamma,
    ModifiedBetaGeo,
    ParetoNBD,
    ShiftedBetaGeo,
)

MODELS = {
    "BetaGeo": (BetaGeo, {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426},
                lambda m: m.conditional_probability_alive([0, 2, 5], [0, 30.43, 35], [38.86, 38.86, 38])),
    "ModifiedBetaGeo": (ModifiedBetaGeo, {"r": 0.525, "alpha": 6.183, "a": 0.891, "b": 1.614},
                        lambda m: m.conditional_probability_alive([0, 2, 5], [0, 30.43, 35], [38.86, 38.86, 38])),
    "ParetoNBD": (ParetoNBD, {"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669},
                  lambda m: m.conditional_probability_of_n_purchases_up_to_time(1, 39, [0, 2], [0, 30.43], 38.86)),
    "BetaGeoBetaBinom": (BetaGeoBetaBinom, {"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783},
                         lambda m: m.conditional_probability_alive(1, [1, 6], [2, 6], [6, 6])),
    "GammaGamma": (GammaGamma, {"p": 6.25, "q": 3.74, "v": 15.44},
                   lambda m: m.conditional_expected_average_profit([1, 2], [20.0, 30.0])),
    "ShiftedBetaGeo": (ShiftedBetaGeo, {"alpha": 0.704, "beta": 1.182}, lambda m: m.survival(np.arange(5))),
}


@pytest.mark.parametrize("name", MODELS)
def test_from_params_holds_one_native_model(name):
    cls, params, predict = MODELS[name]
    m = cls.from_params(**params)
    native = m._model
    assert type(native) is getattr(_native, name) and native.params() == params
    predict(m)
    assert m._model is native  # predictions use the model made once, not a new one per call


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("how", ["pickle", "deepcopy", "copy"])
def test_models_survive_pickling_and_copying(name, how):
    cls, params, predict = MODELS[name]
    m = cls.from_params(**params)
    other = {"pickle": lambda x: pickle.loads(pickle.dumps(x)), "deepcopy": copy.deepcopy, "copy": copy.copy}[how](m)
    assert type(other) is cls and other.params_.equals(m.params_)
    np.testing.assert_array_equal(predict(other), predict(m))
    native = pickle.loads(pickle.dumps(m._model))
    assert native.params() == params


@pytest.mark.parametrize("name", MODELS)
def test_a_bad_parameter_is_refused_when_the_model_is_made(name):
    cls, params, _ = MODELS[name]
    first = next(iter(params))
    with pytest.raises(cm.CustometricsError) as info:
        cls.from_params(**{**params, first: -1.0})
    assert info.value.field == first
    with pytest.raises(cm.CustometricsError):
        getattr(_native, name)(*[-1.0] * len(params))


def test_a_fitted_model_holds_the_native_model_of_its_estimates():
    m = ShiftedBetaGeo().fit([1000, 631, 468, 382, 326, 289, 262, 241])
    assert m._model.params() == dict(m.params_)
    assert repr(m._model).startswith("ShiftedBetaGeo")
